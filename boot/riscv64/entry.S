/* riscv64 entry. Two ways in:
 *  - image_entry, behind the Linux RISC-V Image header: OpenSBI (qemu -kernel)
 *    or U-Boot booti/extlinux. S-mode, MMU off, a0 = hart id, a1 = DTB
 *    (physical), loaded at any 2 MiB-aligned physical address P.
 *  - _start, the ELF entry: Limine, MMU on with its tables, sp set.
 * The kernel is linked at KOFF with PC-relative code (-mcmodel=medany), so
 * with the MMU off every "lla" yields a physical address. We build Sv39 tables
 * mapping KOFF.. -> P (2 MiB pages), the direct map at HHDM_BASE (1 GiB pages
 * over physical 0-64 GiB) and, only while satp is switched, P's own gigabyte
 * 1:1; then continue at the linked address on the kernel stack. */

#include "constants.h" /* BOOT_* (boot/protocol.ts) */

#define HHDM_BASE 0xffffffc000000000
#define PTE_LEAF 0xcf /* V R W X A D: A and D preset, some cores trap otherwise */
#define PTE_TABLE 0x1
#define SATP_SV39 (8 << 60)
#define HHDM_GIGS 64
#define MEGA 0x200000

  .option norvc
  .section .boot.header, "ax"
  .globl _image_start
_image_start:
  j image_entry                 /* code0 */
  .word 0                       /* code1 */
  .quad MEGA                    /* text_offset */
  .quad __image_size            /* image_size, including .bss */
  .quad 0                       /* flags: little-endian */
  .word 2                       /* version 0.2 */
  .word 0
  .quad 0
  .ascii "RISCV\0\0\0"          /* magic (deprecated) */
  .ascii "RSC\x05"              /* magic2 */
  .word 0

  .section .boot.text, "ax"
image_entry:
  csrw sie, zero
  mv s0, a0                     /* hart id */
  mv s1, a1                     /* DTB, physical */
  lla s3, _image_start          /* P */
  li t1, MEGA - 1
  and t1, s3, t1
  bnez t1, misaligned

  lla s2, boot_root_pt
  /* identity gigapage around P, for the instant of enabling paging */
  srli t1, s3, 30
  slli t2, t1, 28
  ori t2, t2, PTE_LEAF
  slli t1, t1, 3
  add t1, s2, t1
  sd t2, 0(t1)
  /* direct map: root[256 + i] = gigapage i */
  li t1, 0
  li t3, HHDM_GIGS
1:slli t2, t1, 28
  ori t2, t2, PTE_LEAF
  addi t4, t1, 256
  slli t4, t4, 3
  add t4, s2, t4
  sd t2, 0(t4)
  addi t1, t1, 1
  blt t1, t3, 1b
  /* kernel window: root[510] -> boot_kernel_pt, whose entry j maps P + j * 2 MiB */
  lla t1, boot_kernel_pt
  srli t2, t1, 12
  slli t2, t2, 10
  ori t2, t2, PTE_TABLE
  li t3, 510 * 8
  add t3, s2, t3
  sd t2, 0(t3)
  lla t3, __kernel_end
  sub t3, t3, s3
  li t4, MEGA - 1
  add t3, t3, t4
  srli t3, t3, 21               /* 2 MiB pages the kernel spans */
  li t4, 0
2:slli t5, t4, 21
  add t5, t5, s3
  srli t5, t5, 12
  slli t5, t5, 10
  ori t5, t5, PTE_LEAF
  slli t6, t4, 3
  add t6, t1, t6
  sd t5, 0(t6)
  addi t4, t4, 1
  blt t4, t3, 2b

  srli t2, s2, 12
  li t3, SATP_SV39
  or t2, t2, t3
  sfence.vma
  csrw satp, t2
  sfence.vma
  ld t0, high_entry_addr        /* the linked (virtual) address */
  jr t0

high_entry:
  lla t1, boot_root_pt          /* drop the identity gigapage: null must fault */
  srli t2, s3, 30
  slli t2, t2, 3
  add t1, t1, t2
  sd zero, 0(t1)
  sfence.vma
  lla sp, boot_stack_top
  /* the Image loaders do not clear .bss (the ELF loaders do) */
  lla t1, __bss_start
  lla t2, __kernel_end
3:sd zero, 0(t1)
  addi t1, t1, 8
  bltu t1, t2, 3b
  li t1, HHDM_BASE
  sd t1, hal_hhdm, t2
  sd s3, hal_kernel_phys, t2
  li t1, 1 << 13                /* sstatus.FS = Initial: the generated C uses the FPU */
  csrs sstatus, t1
  li a0, BOOT_LINUX_IMAGE
  mv a1, s1
  mv a2, s0
  call hal_boot
4:wfi
  j 4b

/* Nothing can print yet but the SBI legacy console; say why we stop. */
misaligned:
  lla s4, misaligned_msg
5:lbu a0, 0(s4)
  beqz a0, 6f
  li a7, 1                      /* SBI legacy console_putchar */
  ecall
  addi s4, s4, 1
  j 5b
6:wfi
  j 6b

  .globl _start
_start:
  csrw sie, zero
  li t1, 1 << 13
  csrs sstatus, t1
  lla sp, boot_stack_top
  li a0, BOOT_LIMINE
  lla a1, limine_requests
  li a2, 0
  call hal_boot
7:wfi
  j 7b

  .section .rodata
  .balign 8
high_entry_addr:
  .quad high_entry
misaligned_msg:
  .asciz "nexus: the Image must be loaded at a 2 MiB-aligned address\r\n"

  .section .data
  .balign 4096
boot_root_pt:
  .fill 512, 8, 0
boot_kernel_pt:
  .fill 512, 8, 0

  .section .bss
  .balign 4096
  .globl boot_stack_guard
boot_stack_guard: /* left unmapped by the kernel's own page tables */
  .skip 4096
boot_stack:
  .skip 65536
boot_stack_top:
