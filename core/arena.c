/* arena.c — one arena per document: allocations are never freed one by one,
 * the whole arena goes with fr_arena_free(). Also fr_error_set and fr_vec. */
#include "fiscus.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK (64u * 1024u)

typedef struct chunk {
    struct chunk *next;
    size_t size, used;
    size_t seq;         /* 1 for the arena's first block, then 2, 3… */
    max_align_t data[]; /* aligned storage follows */
} chunk;

struct fr_arena {
    chunk *head;
    size_t total;
};

fr_arena *fr_arena_new(void) { return g_new0(fr_arena, 1); }

void fr_arena_free(fr_arena *a)
{
    if (!a)
        return;
    chunk *c = a->head;
    while (c) {
        chunk *n = c->next;
        g_free(c);
        c = n;
    }
    g_free(a);
}

void *fr_arena_alloc(fr_arena *a, size_t size)
{
    const size_t align = sizeof(max_align_t);
    size = (size + align - 1) / align * align;
    if (size == 0)
        size = align;
    chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        size_t cap = size > ARENA_CHUNK ? size : ARENA_CHUNK;
        c = g_malloc(sizeof(chunk) + cap);
        c->size = cap;
        c->used = 0;
        c->seq = a->head ? a->head->seq + 1 : 1;
        c->next = a->head;
        a->head = c;
        a->total += cap;
    }
    void *p = (char *)c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

char *fr_arena_strndup(fr_arena *a, const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *p = fr_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *fr_arena_strdup(fr_arena *a, const char *s)
{
    return s ? fr_arena_strndup(a, s, strlen(s)) : NULL;
}

char *fr_arena_printf(fr_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *tmp = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    char *p = fr_arena_strdup(a, tmp);
    g_free(tmp);
    return p;
}

size_t fr_arena_used(const fr_arena *a) { return a->total; }

void fr_arena_adopt(fr_arena *a, fr_arena *from)
{
    /* from's blocks join a's as its oldest: the list runs newest first */
    chunk **tail = &a->head;
    while (*tail)
        tail = &(*tail)->next;
    for (chunk *c = from->head; c; c = c->next)
        c->seq = 0;
    *tail = from->head;
    a->total += from->total;
    g_free(from);
}

/* Later allocations go into the block in use now or into newer ones */
size_t fr_arena_mark(const fr_arena *a) { return a->head ? a->head->seq : 1; }

void fr_arena_release_before(fr_arena *a, size_t mark)
{
    /* the list runs newest first: cut it after the last block to keep */
    chunk **link = &a->head;
    while (*link && (*link)->seq >= mark)
        link = &(*link)->next;
    chunk *c = *link;
    *link = NULL;
    while (c) {
        chunk *n = c->next;
        a->total -= c->size;
        g_free(c);
        c = n;
    }
}

void fr_vec_push(fr_arena *a, fr_vec *v, void *item)
{
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        void **items = fr_arena_alloc(a, cap * sizeof(void *));
        if (v->len)
            memcpy(items, v->items, v->len * sizeof(void *));
        v->items = items;
        v->cap = cap;
    }
    v->items[v->len++] = item;
}

int fr_error_set(fr_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        g_vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}
