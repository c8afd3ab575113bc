/* The x86_64 half of the cell runtime: the entry point and the system-call
 * stub (docs/syscalls.md). */
	.text
	.globl _start
_start:
	/* The kernel enters with rsp 16-byte aligned; the call pushes 8, so
	 * cell_start sees the alignment the SysV ABI promises a function. */
	call cell_start
	ud2

/* int64_t nx_syscall(n, a0, a1, a2, a3, a4, a5): the C ABI passes
 * rdi rsi rdx rcx r8 r9 and a5 on the stack; the kernel takes the number in
 * rax and the arguments in rdi rsi rdx r10 r8 r9. r0-r5 (rax rdi rsi rdx r10
 * r8) are kept in nx_sysres for sys.result. */
	.globl nx_syscall
nx_syscall:
	mov %rdi, %rax
	mov %rsi, %rdi
	mov %rdx, %rsi
	mov %rcx, %rdx
	mov %r8, %r10
	mov %r9, %r8
	mov 8(%rsp), %r9
	int $0x80
	mov %rax, nx_sysres(%rip)
	mov %rdi, nx_sysres+8(%rip)
	mov %rsi, nx_sysres+16(%rip)
	mov %rdx, nx_sysres+24(%rip)
	mov %r10, nx_sysres+32(%rip)
	mov %r8, nx_sysres+40(%rip)
	ret
