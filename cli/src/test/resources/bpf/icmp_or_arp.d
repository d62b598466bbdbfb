(000) ldh      [12]
(001) jeq      #0x800           jt 2	jf 4
(002) ldb      [23]
(003) jeq      #0x1             jt 5	jf 6
(004) jeq      #0x806           jt 5	jf 6
(005) ret      #262144
(006) ret      #0
