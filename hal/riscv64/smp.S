/* Secondary hart entry. SBI HSM hart_start enters hsm_entry in S-mode with
 * the MMU off, a0 = hart id, a1 = the physical address of its struct cpu
 * (hal/common/nexus.h: +0 its own virtual address, +8 the satp to load, +16
 * the stack). Limine enters limine_ap_entry with the MMU on (its tables map
 * the kernel where ours do) and a0 = its struct limine_smp_info. Both call
 * ap_main on the stack of the hart's idle thread. */
  .section .text
  .balign 4
  .globl hsm_entry, limine_ap_entry
hsm_entry:
  csrw sie, zero
  ld t0, 8(a1)                  /* satp */
  ld t1, 0(a1)                  /* the struct cpu's virtual address */
  ld t2, hsm_paged_addr         /* pc-relative: reads the literal, a virtual address */
  csrw stvec, t2
  sfence.vma
  csrw satp, t0
  /* The next fetch is at a physical address our tables do not map: it traps
   * to stvec, the virtual address of hsm_paged. An emulator that still
   * fetches this block through the old translation reaches the jump instead. */
  jr t2
  .balign 4
hsm_paged:
  mv a0, t1
  j ap_common

limine_ap_entry:
  csrw sie, zero
  ld a0, 32(a0)                 /* extra_argument: our struct cpu */
  ld t0, 8(a0)
  sfence.vma
  csrw satp, t0
  sfence.vma
ap_common:
  sfence.vma
  ld sp, 16(a0)
  mv tp, a0
  li s0, 0
  li t0, 1 << 13                /* sstatus.FS: the generated C uses the FPU */
  csrs sstatus, t0
  call ap_main
1:wfi
  j 1b

  .section .rodata
  .balign 8
hsm_paged_addr:
  .quad hsm_paged
