(000) ldh      [12]
(001) jeq      #0x86dd          jt 17	jf 2
(002) jeq      #0x800           jt 3	jf 17
(003) ldb      [23]
(004) jeq      #0x6             jt 5	jf 17
(005) ldh      [20]
(006) jset     #0x1fff          jt 17	jf 7
(007) ldxb     4*([14]&0xf)
(008) ldh      [x + 14]
(009) jeq      #0x50            jt 12	jf 10
(010) ldh      [x + 16]
(011) jeq      #0x50            jt 12	jf 17
(012) ld       [26]
(013) jeq      #0xac14000a      jt 16	jf 14
(014) ld       [30]
(015) jeq      #0xac14000a      jt 16	jf 17
(016) ret      #262144
(017) ret      #0
