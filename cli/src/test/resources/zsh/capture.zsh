# Sourced in the zsh that complete.zsh drives: TAB completes, and what it offers is printed.
PROMPT=
bindkey '^I' complete-word
_capture_mark() { print -n $'\0\n' }
compprefuncs=( _capture_mark )
comppostfuncs=( _capture_mark exit )
compadd() {
  # compsys's own queries (-O, -A, -D: fill an array, offer nothing) pass through
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
  local -a hits
  builtin compadd -A hits "$@"
  local h
  for h in $hits; do print -r -- "$IPREFIX$h"; done
  builtin compadd "$@"
}
print capture-ready
