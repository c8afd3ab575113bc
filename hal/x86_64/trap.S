/* Exception entry: every vector pushes (error code or 0, vector number), saves
 * the general registers into a struct trap_frame (hal/x86_64/cpu.c) and the
 * SSE state, and calls x86_exception, which panics or (for a fault probe)
 * changes the saved rip and returns; then everything is restored.
 *
 * A trap from ring 3 (a cell) lands on the top of its thread's kernel stack
 * (TSS rsp0), where the frame is the cell's saved context: the entry swaps
 * in the kernel's %gs base, saves the registers and SSE state there, and
 * returns from user_enter to the kernel code that entered the cell. */

/* The general registers of a struct trap_frame (hal/x86_64/trap.h), in its order. */
  .macro push_frame
  .irp r, rax,rbx,rcx,rdx,rsi,rdi,rbp,r8,r9,r10,r11,r12,r13,r14,r15
  pushq %\r
  .endr
  .endm
  .macro pop_frame
  .irp r, r15,r14,r13,r12,r11,r10,r9,r8,rbp,rdi,rsi,rdx,rcx,rbx,rax
  popq %\r
  .endr
  .endm

  .macro vector n, has_error
  .globl vector\n
vector\n:
  .if \has_error == 0
  pushq $0
  .endif
  pushq $\n
  jmp trap_common
  .endm

  .text
  /* Vectors that push an error code: 8, 10-14, 17, 21, 29, 30. */
  .irp n, 0,1,2,3,4,5,6,7,9,15,16,18,19,20,22,23,24,25,26,27,28,31
  vector \n, 0
  .endr
  .irp n, 8,10,11,12,13,14,17,21,29,30
  vector \n, 1
  .endr
  vector 32, 0  /* local APIC timer */
  vector 240, 0 /* IPI: TLB shootdown */
  vector 241, 0 /* IPI: wake up */
  vector 255, 0 /* local APIC spurious */
  vector 128, 0 /* int $0x80: a cell's system call */
  .irp n, 48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79
  vector \n, 0  /* device interrupts (hal/x86_64/irqs.ts) */
  .endr

trap_common:
  testb $3, 24(%rsp) /* the interrupted cs: ring 3? */
  jnz from_user
  push_frame
  movq %rsp, %rdi
  movq %rsp, %rbx
  andq $-16, %rsp
  subq $512, %rsp
  fxsave (%rsp) /* the C handler may use SSE registers the interrupted code owns */
  call x86_exception
  fxrstor (%rsp)
  movq %rbx, %rsp
  pop_frame
  addq $16, %rsp /* vector and error code */
  iretq

/* CPU_USER_RETURN_SP: offsetof(struct cpu, user_return_sp), checked in cpu.c. */
  .set CPU_USER_RETURN_SP, 72
from_user:
  swapgs
  push_frame
  fxsave -512(%rsp)              /* the cell's SSE state, below its frame */
  movq 120(%rsp), %rax           /* the vector: user_enter's result */
  movq %gs:CPU_USER_RETURN_SP, %rsp
  ldmxcsr 0(%rsp)                /* the kernel's control words again */
  fldcw 8(%rsp)
  addq $16, %rsp
  popq %r15
  popq %r14
  popq %r13
  popq %r12
  popq %rbx
  popq %rbp
  ret

/* uint64_t user_enter(struct trap_frame *f): run the cell whose context is f
 * (at the top of this thread's kernel stack, which is TSS rsp0) until it
 * traps; returns the vector. Interrupts come on with the cell's rflags. */
  .globl user_enter
user_enter:
  pushq %rbp
  pushq %rbx
  pushq %r12
  pushq %r13
  pushq %r14
  pushq %r15
  subq $16, %rsp
  stmxcsr 0(%rsp)
  fnstcw 8(%rsp)
  movq %rsp, %gs:CPU_USER_RETURN_SP
  fxrstor -512(%rdi)
  movq %rdi, %rsp
  pop_frame
  addq $16, %rsp
  swapgs
  iretq

  .section .rodata
  .balign 8
  .globl exception_vectors
exception_vectors:
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,240,241,255
  .quad vector\n
  .endr

  .globl syscall_vector
syscall_vector:
  .quad vector128

  .globl device_vectors
device_vectors: /* 48..79 */
  .irp n, 48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79
  .quad vector\n
  .endr
