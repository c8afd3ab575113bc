/* Fault probes: touch an address and return 1 if it page-faulted (the trap
 * handler resumes at probe_recover), 0 if not. For in-kernel tests of
 * protections. */
  .text
  .globl probe_read, probe_write, probe_exec
probe_read:
  movq $probe_failed, probe_recover(%rip)
  movq (%rdi), %rax
  jmp probe_ok
probe_write:
  movq $probe_failed, probe_recover(%rip)
  movq %rdi, (%rdi)
  jmp probe_ok
probe_exec:
  movq $probe_exec_failed, probe_recover(%rip)
  call *%rdi
probe_ok:
  movq $0, probe_recover(%rip)
  xorl %eax, %eax
  ret
probe_exec_failed:
  addq $8, %rsp /* the return address the faulting call pushed */
probe_failed:
  movq $0, probe_recover(%rip)
  movl $1, %eax
  ret
