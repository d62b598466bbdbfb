# What TAB offers after a command line, in an interactive zsh driven as a terminal drives it.
#   zsh complete.zsh 'ZSH COMMAND' 'SETUP' 'LINE'
# Starts ZSH COMMAND (an interactive zsh: `zsh -i`, `zsh -f -i`) on a pseudo-terminal (zsh's
# zpty module), runs SETUP in it (what a ~/.zshrc would), then types LINE and a TAB. A TAB runs
# the completion widget, which offers candidates through compadd: compadd is wrapped to print
# each candidate it accepts, one a line, between two NUL lines that compsys's pre- and
# post-completion hooks print; the post hook then exits. Whatever else zsh wrote there (an
# error of the completion script) is printed as well, so that the caller sees it.
zmodload zsh/zpty || exit 3
zpty z "$1"
zpty -w z "$2; source ${(q)0:A:h}/capture.zsh"
local line
repeat 100; do
  zpty -r z line || exit 4
  [[ $line == capture-ready* ]] && break
done
zpty -w -n z "$3"$'\t'
integer marks=0
while zpty -r z; do :; done | while IFS= read -r line; do
  if [[ $line == *$'\0'* ]]; then
    (( marks++ )) && exit 0 || continue
  fi
  (( marks )) && print -r -- ${line%$'\r'}
done
exit 5
