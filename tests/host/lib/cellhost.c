/* Linux in the kernel's place under a cell's runtime (cells/rt/start.c), for
 * tests/host/cells.test.ts: each system call is logged to stderr; map is an
 * mmap at the address asked (a memory capability is fresh pages too),
 * console_write goes to stdout, exit and trap end the process. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>

extern uint64_t nx_sysres[6];
_Noreturn void cell_start(void);

int64_t nx_syscall(uint64_t n, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5) {
  int64_t r = -1; /* E_NOSYS */
  void *p;
  (void)a4, (void)a5;
  fprintf(stderr, "sys %lu 0x%lx 0x%lx 0x%lx 0x%lx\n", n, a0, a1, a2, a3);
  switch (n) {
  case 0: exit((int)a0);
  case 3:
    p = mmap((void *)a1, a2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    r = p == (void *)a1 ? 0 : -12; /* E_BUSY */
    break;
  case 22: r = write(1, (void *)a1, a2); break;
  case 26: fprintf(stderr, "trap %lu\n", a0); exit(99);
  }
  nx_sysres[0] = (uint64_t)r;
  for (int i = 1; i < 6; i++) nx_sysres[i] = 0;
  return r;
}

int main(void) { cell_start(); }
