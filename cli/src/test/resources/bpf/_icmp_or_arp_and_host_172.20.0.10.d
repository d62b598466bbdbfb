(000) ldh      [12]
(001) jeq      #0x800           jt 2	jf 8
(002) ldb      [23]
(003) jeq      #0x1             jt 4	jf 14
(004) ld       [26]
(005) jeq      #0xac14000a      jt 13	jf 6
(006) ld       [30]
(007) jeq      #0xac14000a      jt 13	jf 14
(008) jeq      #0x806           jt 9	jf 14
(009) ld       [28]
(010) jeq      #0xac14000a      jt 13	jf 11
(011) ld       [38]
(012) jeq      #0xac14000a      jt 13	jf 14
(013) ret      #262144
(014) ret      #0
