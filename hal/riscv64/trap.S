/* Supervisor trap entry: switch to the trap stack (sscratch holds its top, so
 * a kernel stack overflow into its guard page can still be reported), save
 * every register into a struct trap_frame (hal/riscv64/cpu.c) and call
 * riscv_trap, which panics or (a fault probe, the timer) returns; then
 * restore and sret. Handlers run with interrupts off, but a fault inside one
 * (a page fault in a TS handler) nests: sscratch is 0 while a trap is being
 * handled, and the nested trap stays on the stack in use. */
  .section .text
  .balign 4
  .globl trap_entry
trap_entry:
  csrrw sp, sscratch, sp        /* sp = the trap stack's top (0 inside a trap), sscratch = interrupted sp */
  bnez sp, 3f
  csrr sp, sscratch             /* a trap inside a trap stays on the stack in use */
  j 1f
3:sd t0, -8(sp)                 /* from a cell, sscratch held its context: tell by sstatus.SPP */
  csrr t0, sstatus
  andi t0, t0, 0x100
  beqz t0, from_user
  ld t0, -8(sp)
1:addi sp, sp, -272
  .irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
  sd x\n, (\n - 1) * 8(sp)      /* slot n-1: x2 (sp) is stored below */
  .endr
  csrr t0, sepc                 /* a nested trap overwrites these */
  sd t0, 256(sp)
  csrr t0, sstatus
  sd t0, 264(sp)
  csrr t0, sscratch
  sd t0, 8(sp)                  /* sp as it was */
  addi t1, sp, 272              /* sscratch to restore on the way out: the top, or 0 if nested */
  bne t1, t0, 2f
  li t1, 0
2:sd t1, 248(sp)
  csrw sscratch, zero
  /* The TS handlers are compiled C that uses the FPU: keep the interrupted
   * code's floating-point registers. */
  addi sp, sp, -272
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
  fsd f\n, \n * 8(sp)
  .endr
  frcsr t0
  sd t0, 256(sp)
  addi a0, sp, 272
  call riscv_trap
  ld t0, 256(sp)
  fscsr t0
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
  fld f\n, \n * 8(sp)
  .endr
  addi sp, sp, 272
  ld t0, 248(sp)
  csrw sscratch, t0
  ld t0, 256(sp)
  csrw sepc, t0
  ld t0, 264(sp)
  csrw sstatus, t0
  .irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
  ld x\n, (\n - 1) * 8(sp)
  .endr
  ld sp, 8(sp)
  sret

/* A trap from U-mode: sp is the cell's context (struct user_frame,
 * hal/riscv64/user.c, at the top of its thread's kernel stack). Save the
 * cell's registers there, put back the kernel's trap stack, tp and stack, and
 * return from user_enter with scause. */
from_user:
  ld t0, -8(sp)
  .irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
  sd x\n, \n * 8(sp)
  .endr
  csrr t0, sscratch
  sd t0, 16(sp)                 /* the cell's sp */
  csrr t0, sepc
  sd t0, 256(sp)
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
  fsd f\n, 288 + \n * 8(sp)
  .endr
  frcsr t0
  sd t0, 544(sp)
  ld t0, 280(sp)
  csrw sscratch, t0
  ld tp, 272(sp)
  csrr a0, scause
  ld sp, 264(sp)
  ld t0, 104(sp)
  fscsr t0
  ld ra, 0(sp)
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11
  ld s\n, 8 + \n * 8(sp)
  .endr
  addi sp, sp, 112
  ret

/* uint64_t user_enter(struct user_frame *f): run the cell whose context is f
 * in U-mode until it traps; returns scause. */
  .globl user_enter
user_enter:
  addi sp, sp, -112
  sd ra, 0(sp)
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11
  sd s\n, 8 + \n * 8(sp)
  .endr
  frcsr t0
  sd t0, 104(sp)                /* the kernel's rounding mode, whatever the cell sets */
  sd sp, 264(a0)
  sd tp, 272(a0)
  csrr t0, sscratch
  sd t0, 280(a0)
  csrw sscratch, a0
  ld t0, 256(a0)
  csrw sepc, t0
  li t0, 0x122                  /* SPP (U-mode), SPIE, SIE: all clear */
  csrc sstatus, t0
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
  fld f\n, 288 + \n * 8(a0)
  .endr
  ld t0, 544(a0)
  fscsr t0
  .irp n, 1,2,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
  ld x\n, \n * 8(a0)
  .endr
  ld a0, 80(a0)
  sret
