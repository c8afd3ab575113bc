/* Timing shared by the hosted benchmarks (main.c, sodium.c): run `fn` in
 * batches of `per_batch` calls, five batches after one to warm up, and give
 * the median batch's seconds per call. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double seconds_per_call(void (*fn)(void), int per_batch) {
  double batch[5];
  for (int b = -1; b < 5; b++) {
    double t0 = now_s();
    for (int i = 0; i < per_batch; i++) fn();
    if (b >= 0) batch[b] = (now_s() - t0) / per_batch;
  }
  qsort(batch, 5, sizeof batch[0], cmp_double);
  return batch[2];
}
