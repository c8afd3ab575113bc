/* Kernel thread switch: context_switch(u64 *save_sp, u64 new_sp). Saves ra,
 * the callee-saved s0-s11 and fs0-fs11 and fcsr on the current stack, stores
 * the stack pointer, loads the other thread's and restores the same. A new
 * thread's stack is laid out (hal/common/thread.c) so that the first switch
 * to it returns into thread_entry. */
  .text
  .globl context_switch, thread_entry
context_switch:
  addi sp, sp, -208
  sd ra, 0(sp)
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11
  sd s\n, (\n + 1) * 8(sp)
  .endr
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11
  fsd fs\n, (\n + 13) * 8(sp)
  .endr
  frcsr t0
  sd t0, 200(sp)
  sd sp, 0(a0)
  mv sp, a1
  ld ra, 0(sp)
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11
  ld s\n, (\n + 1) * 8(sp)
  .endr
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11
  fld fs\n, (\n + 13) * 8(sp)
  .endr
  ld t0, 200(sp)
  fscsr t0
  addi sp, sp, 208
  ret

thread_entry:
  li s0, 0                      /* the backtrace ends here */
  mv a0, s1                     /* the thread id, from thread_prepare */
  call thread_start
1:wfi
  j 1b
