/* Kernel threads, the part TS cannot express: laying out a new thread's stack
 * so that context_switch starts it, the switch itself (with wasm2c's call
 * depth, which is per stack), and the first call into TS on the new stack. */
#include "nexus.h"

extern void context_switch(uint64_t *save_sp, uint64_t new_sp);
extern void thread_entry(void);

#define MAX_THREADS 256
static uint64_t saved_sp[MAX_THREADS];
static uint64_t stack_tops[MAX_THREADS];
static uint32_t saved_depth[MAX_THREADS];

/* The frame context_switch pops: x86_64 16 bytes of control words, six
 * registers (rbx carries the thread id to thread_entry), the return address;
 * riscv64 208 bytes with ra first and s1 carrying the id. */
void Z_threadZ_prepare(struct Z_thread_instance_t *h, uint32_t id, uint64_t stack_top) {
  (void)h;
  if (id >= MAX_THREADS) panic_str("thread_prepare: thread id out of range");
  /* The top of the stack holds the thread's cell context, if it runs a cell
   * (hal/<arch>/user.c): the kernel's frames start below it. */
  stack_tops[id] = stack_top & ~15ull;
  uint64_t *sp = (uint64_t *)(uintptr_t)(stack_tops[id] - USER_CONTEXT_RESERVE);
#if defined(__x86_64__)
  *--sp = (uint64_t)(uintptr_t)thread_entry;  /* "returned" to: rsp is 16-aligned there */
  for (int i = 0; i < 6; i++) *--sp = 0;      /* rbp rbx r12-r15 */
  sp[4] = id;                                 /* rbx */
  sp -= 2;
  sp[0] = 0x1f80;                             /* MXCSR default */
  sp[1] = 0x037f;                             /* x87 control word default */
#else
  sp -= 26;
  for (int i = 0; i < 26; i++) sp[i] = 0;
  sp[0] = (uint64_t)(uintptr_t)thread_entry;  /* ra */
  sp[2] = id;                                 /* s1 */
#endif
  saved_sp[id] = (uint64_t)(uintptr_t)sp;
  saved_depth[id] = 0;
}

uint64_t thread_stack_top(uint32_t id) {
  if (id >= MAX_THREADS || !stack_tops[id]) panic_str("thread_stack_top: not a prepared thread");
  return stack_tops[id];
}

void Z_threadZ_switch(struct Z_thread_instance_t *h, uint32_t from, uint32_t to) {
  (void)h;
  if (from >= MAX_THREADS || to >= MAX_THREADS) panic_str("thread_switch: thread id out of range");
  saved_depth[from] = wasm_rt_call_stack_depth;
  wasm_rt_call_stack_depth = saved_depth[to];
  this_cpu()->current_thread = to;
  context_switch(&saved_sp[from], saved_sp[to]);
}

/* First code on a new thread's stack: into TS, which never returns here. */
void thread_start(uint32_t id) {
  Z_kernelZ_threadMain(&kernel_instance, id);
  panic_str("a thread returned from threadMain");
}

/* The TS shadow-stack pointer (kernel/heap/rt/, kernel/heap/shadowstack.ts) is a wasm
 * global: read and set through the entry module's exports, once the instance
 * exists (hal_boot takes the kernel lock before it does). */
int ts_instance_ready;

uint32_t shadow_sp_save(void) {
  return ts_instance_ready ? Z_kernelZ_shadowStackPointer(&kernel_instance) : 0;
}

void shadow_sp_restore(uint32_t sp) {
  if (ts_instance_ready && sp != 0) Z_kernelZ_setShadowStackPointer(&kernel_instance, sp);
}
