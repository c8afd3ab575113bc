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
  bnez sp, 1f
  csrr sp, sscratch             /* a trap inside a trap stays on the stack in use */
1:addi sp, sp, -272
  sd x1, 0(sp)
  sd x3, 16(sp)
  sd x4, 24(sp)
  sd x5, 32(sp)
  sd x6, 40(sp)
  sd x7, 48(sp)
  sd x8, 56(sp)
  sd x9, 64(sp)
  sd x10, 72(sp)
  sd x11, 80(sp)
  sd x12, 88(sp)
  sd x13, 96(sp)
  sd x14, 104(sp)
  sd x15, 112(sp)
  sd x16, 120(sp)
  sd x17, 128(sp)
  sd x18, 136(sp)
  sd x19, 144(sp)
  sd x20, 152(sp)
  sd x21, 160(sp)
  sd x22, 168(sp)
  sd x23, 176(sp)
  sd x24, 184(sp)
  sd x25, 192(sp)
  sd x26, 200(sp)
  sd x27, 208(sp)
  sd x28, 216(sp)
  sd x29, 224(sp)
  sd x30, 232(sp)
  sd x31, 240(sp)
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
  fsd f0, 0(sp)
  fsd f1, 8(sp)
  fsd f2, 16(sp)
  fsd f3, 24(sp)
  fsd f4, 32(sp)
  fsd f5, 40(sp)
  fsd f6, 48(sp)
  fsd f7, 56(sp)
  fsd f8, 64(sp)
  fsd f9, 72(sp)
  fsd f10, 80(sp)
  fsd f11, 88(sp)
  fsd f12, 96(sp)
  fsd f13, 104(sp)
  fsd f14, 112(sp)
  fsd f15, 120(sp)
  fsd f16, 128(sp)
  fsd f17, 136(sp)
  fsd f18, 144(sp)
  fsd f19, 152(sp)
  fsd f20, 160(sp)
  fsd f21, 168(sp)
  fsd f22, 176(sp)
  fsd f23, 184(sp)
  fsd f24, 192(sp)
  fsd f25, 200(sp)
  fsd f26, 208(sp)
  fsd f27, 216(sp)
  fsd f28, 224(sp)
  fsd f29, 232(sp)
  fsd f30, 240(sp)
  fsd f31, 248(sp)
  frcsr t0
  sd t0, 256(sp)
  addi a0, sp, 272
  call riscv_trap
  ld t0, 256(sp)
  fscsr t0
  fld f0, 0(sp)
  fld f1, 8(sp)
  fld f2, 16(sp)
  fld f3, 24(sp)
  fld f4, 32(sp)
  fld f5, 40(sp)
  fld f6, 48(sp)
  fld f7, 56(sp)
  fld f8, 64(sp)
  fld f9, 72(sp)
  fld f10, 80(sp)
  fld f11, 88(sp)
  fld f12, 96(sp)
  fld f13, 104(sp)
  fld f14, 112(sp)
  fld f15, 120(sp)
  fld f16, 128(sp)
  fld f17, 136(sp)
  fld f18, 144(sp)
  fld f19, 152(sp)
  fld f20, 160(sp)
  fld f21, 168(sp)
  fld f22, 176(sp)
  fld f23, 184(sp)
  fld f24, 192(sp)
  fld f25, 200(sp)
  fld f26, 208(sp)
  fld f27, 216(sp)
  fld f28, 224(sp)
  fld f29, 232(sp)
  fld f30, 240(sp)
  fld f31, 248(sp)
  addi sp, sp, 272
  ld t0, 248(sp)
  csrw sscratch, t0
  ld t0, 256(sp)
  csrw sepc, t0
  ld t0, 264(sp)
  csrw sstatus, t0
  ld x1, 0(sp)
  ld x3, 16(sp)
  ld x4, 24(sp)
  ld x5, 32(sp)
  ld x6, 40(sp)
  ld x7, 48(sp)
  ld x8, 56(sp)
  ld x9, 64(sp)
  ld x10, 72(sp)
  ld x11, 80(sp)
  ld x12, 88(sp)
  ld x13, 96(sp)
  ld x14, 104(sp)
  ld x15, 112(sp)
  ld x16, 120(sp)
  ld x17, 128(sp)
  ld x18, 136(sp)
  ld x19, 144(sp)
  ld x20, 152(sp)
  ld x21, 160(sp)
  ld x22, 168(sp)
  ld x23, 176(sp)
  ld x24, 184(sp)
  ld x25, 192(sp)
  ld x26, 200(sp)
  ld x27, 208(sp)
  ld x28, 216(sp)
  ld x29, 224(sp)
  ld x30, 232(sp)
  ld x31, 240(sp)
  ld sp, 8(sp)
  sret
