# Typed into the running lab (sudo ./nslab up labs/exercises/firewall-1.json), then graded with
# sudo ./nslab check firewall-1
sudo ./nslab exec -l firewall-1 router nft add table inet fw
sudo ./nslab exec -l firewall-1 router nft add chain inet fw forward '{ type filter hook forward priority 0; }'
sudo ./nslab exec -l firewall-1 router nft add rule inet fw forward tcp dport 7 reject with tcp reset
