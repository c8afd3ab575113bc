/* Kernel thread switch: context_switch(u64 *save_sp, u64 new_sp). Saves the
 * callee-saved registers and the SSE/x87 control words on the current stack,
 * stores the stack pointer, loads the other thread's and restores the same.
 * A new thread's stack is laid out (hal/common/thread.c) so that the first
 * switch to it "returns" into thread_entry. */
  .text
  .globl context_switch, thread_entry
context_switch:
  pushq %rbp
  pushq %rbx
  pushq %r12
  pushq %r13
  pushq %r14
  pushq %r15
  subq $16, %rsp
  stmxcsr 0(%rsp)
  fnstcw 8(%rsp)
  movq %rsp, (%rdi)
  movq %rsi, %rsp
  ldmxcsr 0(%rsp)
  fldcw 8(%rsp)
  addq $16, %rsp
  popq %r15
  popq %r14
  popq %r13
  popq %r12
  popq %rbx
  popq %rbp
  ret

thread_entry:
  xorl %ebp, %ebp /* the backtrace ends here */
  movl %ebx, %edi /* the thread id, from thread_prepare */
  call thread_start
1:hlt
  jmp 1b
