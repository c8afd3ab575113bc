/* Supervisor trap entry: save every general register into a struct trap_frame
 * (hal/riscv64/cpu.c) on the current stack and call riscv_trap. At this stage
 * every trap is fatal, so nothing returns. */
  .section .text
  .balign 4
  .globl trap_entry
trap_entry:
  addi sp, sp, -256
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
  addi t0, sp, 256
  sd t0, 8(sp)                  /* sp as it was */
  mv a0, sp
  call riscv_trap
1:wfi
  j 1b
