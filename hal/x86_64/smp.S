/* Secondary CPU entry. Limine starts a parked CPU at limine_ap_entry; after
 * multiboot2 and PVH the INIT-SIPI-SIPI sequence (kernel/cpu/smp.ts through
 * hal/x86_64/platform.ts) starts it in real mode at a copy of ap_trampoline,
 * placed in low memory with page tables that map that page 1:1 and the
 * kernel's half as the kernel does. Both reach ap_entry64 with a struct cpu
 * (hal/common/nexus.h: +8 the cr3 to load, +16 the stack) and call ap_main. */

  .section .rodata /* copied to low memory, never run in place */
  .balign 16
  .globl ap_trampoline, ap_trampoline_end
  .code16
ap_trampoline:
  jmp tr_start
  .balign 8
tr_gdtr:                       /* offset 8: the base is written at run time */
  .word tr_gdt_end - tr_gdt - 1
  .long 0
  .balign 16
tr_gdt:                        /* offset 16 */
  .quad 0
  .quad 0x00af9a000000ffff     /* 0x08: 64-bit code */
  .quad 0x00cf92000000ffff     /* 0x10: data */
  .quad 0x00cf9a000000ffff     /* 0x18: 32-bit code */
tr_gdt_end:
tr_cr3: .quad 0                /* offset 48: written by kernel/cpu/smp.ts */
tr_entry: .quad 0              /* offset 56: ap_entry64 */
tr_record: .quad 0             /* offset 64: this CPU's struct cpu */
tr_start:
  cli
  cld
  movw %cs, %ax                /* cs = page >> 4, ip = 0 */
  movw %ax, %ds
  movw %ax, %ss
  movw $0x1000, %sp            /* the page's top: the far jumps push */
  xorl %ebx, %ebx
  movw %ax, %bx
  shll $4, %ebx                /* ebx = the page's physical address */
  leal (tr_gdt - ap_trampoline)(%ebx), %eax
  movl %eax, (tr_gdtr - ap_trampoline + 2)
  lgdtl (tr_gdtr - ap_trampoline)
  movl %cr0, %eax
  orl $1, %eax                 /* protected mode */
  movl %eax, %cr0
  leal (tr_prot32 - ap_trampoline)(%ebx), %eax
  pushl $0x18
  pushl %eax
  lretl

  .code32
tr_prot32:
  movw $0x10, %ax
  movw %ax, %ds
  movw %ax, %es
  movw %ax, %ss
  leal 0x1000(%ebx), %esp
  movl %cr4, %eax
  orl $((1 << 5) | (1 << 9) | (1 << 10)), %eax /* PAE, OSFXSR, OSXMMEXCPT */
  movl %eax, %cr4
  movl (tr_cr3 - ap_trampoline)(%ebx), %eax
  movl %eax, %cr3
  movl $0xc0000080, %ecx
  rdmsr
  orl $((1 << 8) | (1 << 11)), %eax /* long mode, no-execute (required by the kernel) */
  wrmsr
  movl %cr0, %eax
  andl $~(1 << 2), %eax
  orl $((1 << 31) | (1 << 16) | (1 << 1)), %eax /* paging, write-protect, FPU monitor */
  movl %eax, %cr0
  leal (tr_long64 - ap_trampoline)(%ebx), %eax
  pushl $0x08
  pushl %eax
  lret

  .code64
tr_long64:
  movw $0x10, %ax
  movw %ax, %ds
  movw %ax, %es
  movw %ax, %ss
  movq tr_record(%rip), %rdi
  movq tr_entry(%rip), %rax
  jmp *%rax
ap_trampoline_end:

  .text
  .globl limine_ap_entry, ap_entry64
limine_ap_entry:               /* rdi: struct limine_smp_info */
  movq 24(%rdi), %rdi          /* extra_argument: our struct cpu */
ap_entry64:                    /* rdi: struct cpu; long mode, any page tables that map the kernel */
  cli
  movq 8(%rdi), %rax
  movq %rax, %cr3
  movq 16(%rdi), %rsp
  xorl %ebp, %ebp
  movq %cr0, %rax              /* SSE before any C: the compiler uses it */
  andq $~(1 << 2), %rax
  orq $(1 << 1), %rax
  movq %rax, %cr0
  movq %cr4, %rax
  orq $((1 << 9) | (1 << 10)), %rax
  movq %rax, %cr4
  call ap_main
1:hlt
  jmp 1b
