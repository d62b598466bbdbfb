(000) ldh      [12]
(001) jeq      #0x800           jt 2	jf 8
(002) ldb      [23]
(003) jeq      #0x1             jt 4	jf 10
(004) ld       [26]
(005) jeq      #0xc6336402      jt 9	jf 6
(006) ld       [30]
(007) jeq      #0xc6336402      jt 9	jf 10
(008) jeq      #0x806           jt 9	jf 10
(009) ret      #262144
(010) ret      #0
