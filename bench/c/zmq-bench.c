/*
 * libzmq from C, for `npm run bench` (bench/run.ts builds this with gcc against the system's libzmq and runs
 * it as a child, one measurement per process, like the Node children).
 *
 *   zmq-bench thr <tcp|inproc> <size> <warmup messages> <warmup seconds> <seconds> <pull binds: 1|0>
 *       PUSH -> PULL: a sender thread sends as fast as libzmq takes messages (zero-copy sends of one static
 *       body, the fastest a C program can send); the main thread receives (zmq_msg_recv, as libzmq's
 *       local_thr does), warms up, then counts what arrives for <seconds>.
 *   zmq-bench rt <size> <warmup trips> <trips>
 *       REQ <-> REP over tcp: an echoing REP thread (the REP binds), the REQ in the main thread awaiting
 *       every reply.
 *
 * Prints one JSON line: {"value": msg/s or microseconds per round trip, "count", "seconds", "cpuSeconds",
 * "version": libzmq's}.
 * cpuSeconds is getrusage(RUSAGE_SELF) over the timed part: both ends and libzmq's I/O thread.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

static void *context;
static char endpoint[256];
static size_t body_size;
static char *body;
static atomic_int stop_sending;

static void print_result(double value, long count, double seconds, double cpu) {
  int major, minor, patch;
  zmq_version(&major, &minor, &patch);
  printf("{\"value\":%.3f,\"count\":%ld,\"seconds\":%.6f,\"cpuSeconds\":%.6f,\"version\":\"%d.%d.%d\"}\n", value, count,
         seconds, cpu, major, minor, patch);
  fflush(stdout);
}

static void die(const char *what) {
  fprintf(stderr, "zmq-bench: %s: %s\n", what, zmq_strerror(zmq_errno()));
  exit(1);
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_seconds(void) {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return (double)usage.ru_utime.tv_sec + (double)usage.ru_utime.tv_usec / 1e6 + (double)usage.ru_stime.tv_sec +
         (double)usage.ru_stime.tv_usec / 1e6;
}

static void no_free(void *data, void *hint) {
  (void)data;
  (void)hint;
}

/* The PUSH, made (and bound or connected) by the main thread; pthread_create is the barrier libzmq asks for. */
static void *push_socket;

static void *push_thread(void *arg) {
  (void)arg;
  void *push = push_socket;
  while (!atomic_load_explicit(&stop_sending, memory_order_relaxed)) {
    zmq_msg_t msg;
    if (body_size <= 1024) {
      if (zmq_send(push, body, body_size, 0) < 0) die("send");
      continue;
    }
    zmq_msg_init_data(&msg, body, body_size, no_free, NULL);
    if (zmq_msg_send(&msg, push, 0) < 0) die("send");
  }
  return NULL;
}

static int throughput(int argc, char **argv) {
  if (argc < 8) return 2;
  int inproc = strcmp(argv[2], "inproc") == 0;
  body_size = (size_t)atol(argv[3]);
  long warmup_messages = atol(argv[4]);
  double warmup_seconds = atof(argv[5]);
  double seconds = atof(argv[6]);
  int pull_binds = atoi(argv[7]);
  body = malloc(body_size > 0 ? body_size : 1);
  memset(body, 'a', body_size);

  void *pull = zmq_socket(context, ZMQ_PULL);
  push_socket = zmq_socket(context, ZMQ_PUSH);
  int linger = 0;
  zmq_setsockopt(pull, ZMQ_LINGER, &linger, sizeof linger);
  zmq_setsockopt(push_socket, ZMQ_LINGER, &linger, sizeof linger);
  void *binder = inproc || pull_binds ? pull : push_socket;
  void *connecter = binder == pull ? push_socket : pull;
  if (zmq_bind(binder, inproc ? "inproc://bench" : "tcp://127.0.0.1:*") != 0) die("bind");
  size_t length = sizeof endpoint;
  zmq_getsockopt(binder, ZMQ_LAST_ENDPOINT, endpoint, &length);
  if (zmq_connect(connecter, endpoint) != 0) die("connect");
  pthread_t sender;
  pthread_create(&sender, NULL, push_thread, NULL);

  zmq_msg_t msg;
  zmq_msg_init(&msg);
  /* Check the clock every 64 small messages, every large one. */
  long mask = body_size >= 4096 ? 0 : 63;
  double start = now_seconds();
  for (long i = 0; i < warmup_messages; i++) {
    if (zmq_msg_recv(&msg, pull, 0) < 0) die("recv");
    if ((i & mask) == 0 && now_seconds() - start >= warmup_seconds) break;
  }
  long count = 0;
  double cpu = cpu_seconds();
  start = now_seconds();
  double elapsed = 0;
  for (;;) {
    if (zmq_msg_recv(&msg, pull, 0) < 0) die("recv");
    if (zmq_msg_size(&msg) != body_size) {
      fprintf(stderr, "zmq-bench: bad message\n");
      return 1;
    }
    count++;
    if ((count & mask) == 0 && (elapsed = now_seconds() - start) >= seconds) break;
  }
  cpu = cpu_seconds() - cpu;
  atomic_store(&stop_sending, 1);
  print_result(count / elapsed, count, elapsed, cpu);
  _exit(0);
}

static void *rep_socket;

static void *rep_thread(void *arg) {
  long trips = *(long *)arg;
  void *rep = rep_socket; /* made and bound by the main thread; pthread_create is the barrier libzmq asks for */
  zmq_msg_t msg;
  zmq_msg_init(&msg);
  for (long i = 0; i < trips; i++) {
    if (zmq_msg_recv(&msg, rep, 0) < 0) die("recv");
    if (zmq_msg_send(&msg, rep, 0) < 0) die("send");
  }
  return NULL;
}

static int round_trip(int argc, char **argv) {
  if (argc < 5) return 2;
  body_size = (size_t)atol(argv[2]);
  long warmup = atol(argv[3]);
  long trips = atol(argv[4]);
  long total = warmup + trips;
  body = malloc(body_size > 0 ? body_size : 1);
  memset(body, 'a', body_size);
  /* As the Node children: the REP binds, the REQ connects. */
  rep_socket = zmq_socket(context, ZMQ_REP);
  int linger = 0;
  zmq_setsockopt(rep_socket, ZMQ_LINGER, &linger, sizeof linger);
  if (zmq_bind(rep_socket, "tcp://127.0.0.1:*") != 0) die("bind");
  size_t length = sizeof endpoint;
  zmq_getsockopt(rep_socket, ZMQ_LAST_ENDPOINT, endpoint, &length);
  pthread_t echo;
  pthread_create(&echo, NULL, rep_thread, &total);
  void *req = zmq_socket(context, ZMQ_REQ);
  zmq_setsockopt(req, ZMQ_LINGER, &linger, sizeof linger);
  if (zmq_connect(req, endpoint) != 0) die("connect");
  char reply[65536];
  double start = 0, cpu = 0;
  for (long i = 0; i < total; i++) {
    if (i == warmup) {
      cpu = cpu_seconds();
      start = now_seconds();
    }
    if (zmq_send(req, body, body_size, 0) < 0) die("send");
    int got = zmq_recv(req, reply, sizeof reply, 0);
    if (got != (int)body_size) {
      fprintf(stderr, "zmq-bench: bad reply\n");
      return 1;
    }
  }
  double elapsed = now_seconds() - start;
  cpu = cpu_seconds() - cpu;
  print_result(elapsed * 1e6 / trips, trips, elapsed, cpu);
  _exit(0);
}

int main(int argc, char **argv) {
  context = zmq_ctx_new();
  int status = 2;
  if (argc >= 2 && strcmp(argv[1], "thr") == 0) status = throughput(argc, argv);
  if (argc >= 2 && strcmp(argv[1], "rt") == 0) status = round_trip(argc, argv);
  if (status == 2) fprintf(stderr, "usage: zmq-bench thr <tcp|inproc> <size> <warmup msgs> <warmup s> <s> <pull binds>\n"
                                   "       zmq-bench rt <size> <warmup trips> <trips>\n");
  return status;
}
