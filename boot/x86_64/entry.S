/* Every way into the x86_64 kernel. The loaders that start us in 32-bit
 * protected mode with paging off: multiboot2 (GRUB) and PVH (qemu -kernel,
 * Firecracker-style VMMs); and Limine, which starts us in 64-bit mode at
 * _start with its own page tables.
 * Builds nothing at run time: the early page tables below are static data that
 * map physical 0-4 GiB three ways (identity for this switch, the direct map at
 * HHDM_BASE, and the kernel window at KOFF), then we enter long mode and join
 * the common C entry on the kernel stack. The kernel is linked at KOFF+2 MiB and
 * loaded at physical 2 MiB, so until paging is on every address is "sym - KOFF". */

#include "constants.h" /* BOOT_* (boot/protocol.ts) */

#define KOFF 0xffffffff80000000
#define HHDM_BASE 0xffff800000000000
#define MB2_MAGIC 0xe85250d6
#define MB2_BOOT_MAGIC 0x36d76289
#define PTE_P_RW 0x3
#define PTE_HUGE 0x83 /* present, writable, 2 MiB page */

  .section .boot.header, "a"
  .balign 8
mb2_header:
  .long MB2_MAGIC
  .long 0 /* i386 protected mode */
  .long mb2_header_end - mb2_header
  .long -(MB2_MAGIC + (mb2_header_end - mb2_header))
  .balign 8
  .short 3, 0 /* entry address tag: the ELF entry is the 64-bit Limine one */
  .long 12
  .long mb2_entry - KOFF
  .balign 8
  .short 0, 0 /* end tag */
  .long 8
mb2_header_end:

  /* PVH: XEN_ELFNOTE_PHYS32_ENTRY (18), read by QEMU's -kernel loader. */
  .section .note.Xen, "a", @note
  .balign 4
  .long 4
  .long 8
  .long 18
  .asciz "Xen"
  .balign 4
  .quad pvh_entry - KOFF

  .section .boot.text, "ax"
  .code32
  .globl mb2_entry
mb2_entry:
  cli
  cld
  cmpl $MB2_BOOT_MAGIC, %eax
  jne 1f
  movl $BOOT_MULTIBOOT2, %esi
  movl %ebx, %edi
  jmp enter_long_mode
1:hlt
  jmp 1b

  .globl pvh_entry
pvh_entry:
  cli
  cld
  movl $BOOT_PVH, %esi
  movl %ebx, %edi /* struct hvm_start_info, physical */

enter_long_mode:
  movl $(boot_stack_top - KOFF), %esp
  /* CR4: PAE, OSFXSR, OSXMMEXCPT (the generated C uses SSE) */
  movl %cr4, %eax
  orl $((1 << 5) | (1 << 9) | (1 << 10)), %eax
  movl %eax, %cr4
  movl $(boot_pml4 - KOFF), %eax
  movl %eax, %cr3
  /* EFER: long mode, and no-execute when the CPU has it */
  movl $0x80000001, %eax
  cpuid
  movl %edx, %ebp /* rdmsr overwrites edx */
  movl $0xc0000080, %ecx
  rdmsr
  orl $(1 << 8), %eax
  btl $20, %ebp
  jnc 2f
  orl $(1 << 11), %eax
2:wrmsr
  /* CR0: paging, write-protect, FPU monitor; no FPU emulation */
  movl %cr0, %eax
  andl $~(1 << 2), %eax
  orl $((1 << 31) | (1 << 16) | (1 << 1) | 1), %eax
  movl %eax, %cr0
  lgdt (gdt_ptr32 - KOFF)
  ljmp $0x08, $(long_mode - KOFF)

  .code64
long_mode:
  movw $0x10, %ax
  movw %ax, %ds
  movw %ax, %es
  movw %ax, %ss
  movw %ax, %fs
  movw %ax, %gs
  movabsq $higher_half, %rax
  jmp *%rax

  .text
higher_half:
  lgdt gdt_ptr64(%rip)
  movabsq $boot_stack_top, %rsp
  movq $0, boot_pml4(%rip) /* drop the identity map: a null pointer must fault */
  movq %cr3, %rax
  movq %rax, %cr3
  xorl %ebp, %ebp
  movabsq $HHDM_BASE, %rax
  movq %rax, hal_hhdm(%rip)
  movabsq $__kernel_start, %rax
  movabsq $KOFF, %rcx
  subq %rcx, %rax
  movq %rax, hal_kernel_phys(%rip)
  movl %esi, %eax
  movl %edi, %esi /* info, physical */
  movl %eax, %edi /* protocol */
  xorl %edx, %edx
  call hal_boot
3:hlt
  jmp 3b

/* Limine enters here (the ELF entry point) in long mode on its own page tables,
 * which already give the kernel window and the direct map. */
  .globl _start
_start:
  cli
  movq %cr0, %rax
  andq $~(1 << 2), %rax
  orq $(1 << 1), %rax
  movq %rax, %cr0
  movq %cr4, %rax
  orq $((1 << 9) | (1 << 10)), %rax
  movq %rax, %cr4
  movabsq $boot_stack_top, %rsp
  xorl %ebp, %ebp
  movl $BOOT_LIMINE, %edi
  leaq limine_requests(%rip), %rsi
  xorl %edx, %edx
  call hal_boot
4:hlt
  jmp 4b

  .section .rodata
  .balign 16
gdt64:
  .quad 0
  .quad 0x00af9b000000ffff /* 0x08: 64-bit code (accessed bit preset: the CPU */
  .quad 0x00cf93000000ffff /* 0x10: data          never writes this read-only table) */
gdt64_end:
gdt_ptr32:
  .short gdt64_end - gdt64 - 1
  .long gdt64 - KOFF
gdt_ptr64:
  .short gdt64_end - gdt64 - 1
  .quad gdt64

  .section .data
  .balign 4096
boot_pml4:
  .quad boot_pdpt_low - KOFF + PTE_P_RW
  .fill 255, 8, 0
  .quad boot_pdpt_low - KOFF + PTE_P_RW /* HHDM_BASE: physical 0-4 GiB */
  .fill 254, 8, 0
  .quad boot_pdpt_high - KOFF + PTE_P_RW
boot_pdpt_low:
  .quad boot_pd - KOFF + PTE_P_RW
  .quad boot_pd + 4096 - KOFF + PTE_P_RW
  .quad boot_pd + 8192 - KOFF + PTE_P_RW
  .quad boot_pd + 12288 - KOFF + PTE_P_RW
  .fill 508, 8, 0
boot_pdpt_high:
  .fill 510, 8, 0
  .quad boot_pd - KOFF + PTE_P_RW /* KOFF: physical 0-1 GiB */
  .quad 0
boot_pd:
  .set page, 0
  .rept 2048
  .quad (page << 21) | PTE_HUGE
  .set page, page + 1
  .endr

  .section .bss
  .balign 4096
  .globl boot_stack_guard, boot_stack, boot_stack_top
boot_stack_guard: /* left unmapped by the kernel's own page tables */
  .skip 4096
boot_stack:
  .skip 65536
boot_stack_top:
