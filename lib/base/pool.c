/*
 * pool.c - a fixed pool of worker threads for data-parallel loops. nf_pool_run() hands out
 * indices through an atomic counter (dynamic scheduling, so uneven documents balance) and the
 * calling thread works too. Results must be written by index: order never depends on timing.
 */
#include "base.h"

#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

struct nf_pool {
	int threads; /* including the caller */
	pthread_t *tids;
	pthread_mutex_t mu;
	pthread_cond_t cv_work, cv_done;
	uint64_t generation;
	bool stop;
	/* the current loop */
	nf_pool_fn fn;
	void *ctx;
	size_t n;
	atomic_size_t next;
	int busy; /* workers still in the current loop */
};

struct worker_arg {
	nf_pool *p;
	int id;
};

static void pool_loop(nf_pool *p, int id)
{
	size_t i;
	while ((i = atomic_fetch_add(&p->next, 1)) < p->n)
		p->fn(p->ctx, i, id);
}

static void *worker_main(void *arg)
{
	struct worker_arg wa = *(struct worker_arg *)arg;
	nf_pool *p = wa.p;
	free(arg);
	uint64_t seen = 0;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->stop && p->generation == seen)
			pthread_cond_wait(&p->cv_work, &p->mu);
		if (p->stop)
			break;
		seen = p->generation;
		pthread_mutex_unlock(&p->mu);
		pool_loop(p, wa.id);
		pthread_mutex_lock(&p->mu);
		if (--p->busy == 0)
			pthread_cond_signal(&p->cv_done);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

int nf_pool_new(nf_pool **out, int threads)
{
	nf_pool *p = calloc(1, sizeof(*p));
	if (!p)
		return NF_ENOMEM;
	if (threads < 1)
		threads = 1;
	p->threads = threads;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv_work, NULL);
	pthread_cond_init(&p->cv_done, NULL);
	if (threads > 1) {
		p->tids = calloc((size_t)threads - 1, sizeof(pthread_t));
		if (!p->tids)
			goto fail;
		for (int t = 1; t < threads; t++) {
			struct worker_arg *wa = malloc(sizeof(*wa));
			if (wa) {
				wa->p = p;
				wa->id = t;
			}
			if (!wa || pthread_create(&p->tids[t - 1], NULL, worker_main, wa)) {
				free(wa);
				p->threads = t;
				nf_pool_free(p);
				return NF_ENOMEM;
			}
		}
	}
	*out = p;
	return 0;
fail:
	free(p);
	return NF_ENOMEM;
}

void nf_pool_free(nf_pool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = true;
	pthread_cond_broadcast(&p->cv_work);
	pthread_mutex_unlock(&p->mu);
	for (int t = 1; t < p->threads; t++)
		pthread_join(p->tids[t - 1], NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv_work);
	pthread_cond_destroy(&p->cv_done);
	free(p->tids);
	free(p);
}

int nf_pool_threads(const nf_pool *p)
{
	return p->threads;
}

void nf_pool_run(nf_pool *p, size_t n, nf_pool_fn fn, void *ctx)
{
	if (p->threads == 1 || n <= 1) {
		for (size_t i = 0; i < n; i++)
			fn(ctx, i, 0);
		return;
	}
	pthread_mutex_lock(&p->mu);
	p->fn = fn;
	p->ctx = ctx;
	p->n = n;
	atomic_store(&p->next, 0);
	p->busy = p->threads - 1;
	p->generation++;
	pthread_cond_broadcast(&p->cv_work);
	pthread_mutex_unlock(&p->mu);
	pool_loop(p, 0);
	pthread_mutex_lock(&p->mu);
	while (p->busy > 0)
		pthread_cond_wait(&p->cv_done, &p->mu);
	pthread_mutex_unlock(&p->mu);
}

int nf_threads(int n)
{
	if (n > 0)
		return n;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	return cores > 0 ? (int)(cores > 256 ? 256 : cores) : 1;
}
