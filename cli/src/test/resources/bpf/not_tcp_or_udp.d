(000) ldh      [12]
(001) jeq      #0x800           jt 2	jf 4
(002) ldb      [23]
(003) jeq      #0x6             jt 11	jf 10
(004) jeq      #0x86dd          jt 5	jf 12
(005) ldb      [20]
(006) jeq      #0x6             jt 11	jf 7
(007) jeq      #0x2c            jt 8	jf 10
(008) ldb      [54]
(009) jeq      #0x6             jt 11	jf 10
(010) jeq      #0x11            jt 11	jf 12
(011) ret      #0
(012) ret      #262144
