/* Kernel page faults: ask the TS kernel (kernel/mm/pagefault.ts) whether the
 * fault is a legal one it has handled (a new page of the TS heap), else say
 * what was hit, for the panic. */
#include "nexus.h"

static const char *const access_names[] = {"read", "write", "instruction fetch"};
static const char *const regions[] = {
  "no kernel mapping belongs there",          /* 0 */
  "",                                          /* 1: handled */
  "past the end of the TS linear memory",     /* 2 */
  "the guard page under the TS linear memory", /* 3 */
  "kernel stack overflow (a thread's guard page)", /* 4 */
  "out of memory for a new kernel heap page",  /* 5 */
  "kernel stack overflow (guard page hit)",    /* 6: the boot stack */
  "TS shadow stack overflow (a thread's guard page)", /* 7 */
  "the page-fault handler touched the heap (a bug in kernel/mm/pagefault.ts)", /* 8 */
  "exception stack overflow (guard page hit)", /* 9 */
};

static char detail[128];
static void append(size_t *n, const char *s) {
  while (*s && *n + 1 < sizeof detail) detail[(*n)++] = *s++;
  detail[*n] = 0;
}

/* A stack overflow is named as such; anything else as "page fault (access): where". */
static const char *describe(uint32_t code, uint32_t access) {
  if (code >= sizeof regions / sizeof *regions) code = 0;
  if (code == 4 || code == 6 || code == 7 || code == 9) return regions[code];
  size_t n = 0;
  append(&n, "page fault (");
  append(&n, access_names[access < 3 ? access : 0]);
  append(&n, "): ");
  append(&n, regions[code]);
  return detail;
}


/* NULL: handled, resume. Else the panic's detail line. Only the CPU holding
 * the kernel lock runs TS; a fault elsewhere is not the TS heap's. */
const char *kernel_page_fault(uint64_t addr, uint32_t access) {
  if (guard_page_hit(addr) == 3) return regions[9]; /* on an exception stack: no TS */
  uint32_t code = bkl_held() ? Z_kernelZ_pageFault(&kernel_instance, addr) : 0;
  if (code == 1) return NULL;
  return describe(code, access);
}

/* For a double fault: whether cr2 is in a stack's guard page (the page fault
 * that could not push its frame), and which. */
const char *stack_overflow_at(uint64_t addr) {
  int hit = guard_page_hit(addr);
  if (hit == 1) return regions[6];
  if (hit == 3) return regions[9];
  uint32_t code = bkl_held() ? Z_kernelZ_pageFault(&kernel_instance, addr) : 0;
  return code == 4 ? regions[4] : NULL;
}


