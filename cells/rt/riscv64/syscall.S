/* The riscv64 half of the cell runtime: the entry point and the system-call
 * stub (docs/syscalls.md). Nothing here or in the C uses gp (-mno-relax), so
 * _start need not set it up. */
	.text
	.globl _start
_start:
	call cell_start
	unimp

/* int64_t nx_syscall(n, a0, a1, a2, a3, a4, a5): the C ABI passes them in
 * a0-a6; the kernel takes the number in a7 and the arguments in a0-a5.
 * r0-r5 (a0-a5) are kept in nx_sysres for sys.result. */
	.globl nx_syscall
nx_syscall:
	mv a7, a0
	mv a0, a1
	mv a1, a2
	mv a2, a3
	mv a3, a4
	mv a4, a5
	mv a5, a6
	ecall
	lla t0, nx_sysres
	sd a0, 0(t0)
	sd a1, 8(t0)
	sd a2, 16(t0)
	sd a3, 24(t0)
	sd a4, 32(t0)
	sd a5, 40(t0)
	ret
