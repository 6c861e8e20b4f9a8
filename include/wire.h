/*
 * wire.h -- the one bounded reader and writer for untrusted bytes.
 *
 * DOC: every parser in evpnd reads packet memory only through a struct
 * wire_rd view: a const pointer plus the number of bytes left.  Each
 * primitive checks the remaining length first; on a short read it returns
 * -1, leaves the view unchanged and writes nothing.  Length-prefixed things
 * are parsed inside a child view carved with wire_rd_sub(), so an inner
 * parser cannot read past its own length even when it has bugs.
 *
 * The writer mirrors the reader: a fixed-capacity buffer, -1 when full
 * (nothing written), reserved slots back-patched for length fields.
 *
 * Only this header and lib/wire.c do pointer arithmetic or byte swapping
 * on packet memory (STYLE.md section 5).  The primitives are static inline
 * because the codec's throughput depends on them.
 */
#ifndef EVPND_INCLUDE_WIRE_H
#define EVPND_INCLUDE_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define WIRE_WUR __attribute__((warn_unused_result))

struct wire_rd {
	const uint8_t	*p;
	size_t		 left;
};

struct wire_wr {
	uint8_t		*buf;
	size_t		 cap;
	size_t		 len;
};

static inline void
wire_rd_init(struct wire_rd *rd, const void *buf, size_t len)
{
	rd->p = buf;
	rd->left = buf != NULL ? len : 0;
}

static inline size_t
wire_rd_left(const struct wire_rd *rd)
{
	return rd->left;
}

static inline bool
wire_rd_empty(const struct wire_rd *rd)
{
	return rd->left == 0;
}

/* Start of the unread bytes; for hashing and comparing views only. */
static inline const uint8_t *
wire_rd_data(const struct wire_rd *rd)
{
	return rd->p;
}

static inline WIRE_WUR int
wire_rd_u8(struct wire_rd *rd, uint8_t *v)
{
	if (rd->left < 1)
		return -1;
	*v = rd->p[0];
	rd->p++;
	rd->left--;
	return 0;
}

static inline WIRE_WUR int
wire_rd_u16(struct wire_rd *rd, uint16_t *v)
{
	if (rd->left < 2)
		return -1;
	*v = (uint16_t)((uint16_t)rd->p[0] << 8 | rd->p[1]);
	rd->p += 2;
	rd->left -= 2;
	return 0;
}

static inline WIRE_WUR int
wire_rd_u24(struct wire_rd *rd, uint32_t *v)
{
	if (rd->left < 3)
		return -1;
	*v = (uint32_t)rd->p[0] << 16 | (uint32_t)rd->p[1] << 8 | rd->p[2];
	rd->p += 3;
	rd->left -= 3;
	return 0;
}

static inline WIRE_WUR int
wire_rd_u32(struct wire_rd *rd, uint32_t *v)
{
	if (rd->left < 4)
		return -1;
	*v = (uint32_t)rd->p[0] << 24 | (uint32_t)rd->p[1] << 16 |
	    (uint32_t)rd->p[2] << 8 | rd->p[3];
	rd->p += 4;
	rd->left -= 4;
	return 0;
}

static inline WIRE_WUR int
wire_rd_u64(struct wire_rd *rd, uint64_t *v)
{
	uint32_t hi, lo;

	if (rd->left < 8 || wire_rd_u32(rd, &hi) == -1 ||
	    wire_rd_u32(rd, &lo) == -1)
		return -1;
	*v = (uint64_t)hi << 32 | lo;
	return 0;
}

static inline WIRE_WUR int
wire_rd_peek_u8(const struct wire_rd *rd, uint8_t *v)
{
	if (rd->left < 1)
		return -1;
	*v = rd->p[0];
	return 0;
}

static inline WIRE_WUR int
wire_rd_bytes(struct wire_rd *rd, void *dst, size_t n)
{
	if (rd->left < n)
		return -1;
	if (n > 0)
		memcpy(dst, rd->p, n);
	rd->p += n;
	rd->left -= n;
	return 0;
}

static inline WIRE_WUR int
wire_rd_skip(struct wire_rd *rd, size_t n)
{
	if (rd->left < n)
		return -1;
	rd->p += n;
	rd->left -= n;
	return 0;
}

/* Carve the next n bytes as a child view and advance the parent past them. */
static inline WIRE_WUR int
wire_rd_sub(struct wire_rd *rd, size_t n, struct wire_rd *sub)
{
	if (rd->left < n)
		return -1;
	sub->p = rd->p;
	sub->left = n;
	rd->p += n;
	rd->left -= n;
	return 0;
}

/* Byte-wise equality of the unread parts of two views. */
static inline bool
wire_rd_eq(const struct wire_rd *a, const struct wire_rd *b)
{
	return a->left == b->left &&
	    (a->left == 0 || memcmp(a->p, b->p, a->left) == 0);
}

/* Byte-wise copy of the unread part of a view into dst (cap bytes). */
static inline WIRE_WUR int
wire_rd_copy(const struct wire_rd *rd, void *dst, size_t cap)
{
	if (rd->left > cap)
		return -1;
	if (rd->left > 0)
		memcpy(dst, rd->p, rd->left);
	return 0;
}

static inline void
wire_wr_init(struct wire_wr *wr, void *buf, size_t cap)
{
	wr->buf = buf;
	wr->cap = cap;
	wr->len = 0;
}

static inline size_t
wire_wr_len(const struct wire_wr *wr)
{
	return wr->len;
}

static inline size_t
wire_wr_room(const struct wire_wr *wr)
{
	return wr->cap - wr->len;
}

/* The bytes written so far, as a reader view. */
static inline void
wire_wr_view(const struct wire_wr *wr, struct wire_rd *rd)
{
	wire_rd_init(rd, wr->buf, wr->len);
}

static inline WIRE_WUR int
wire_wr_u8(struct wire_wr *wr, uint8_t v)
{
	if (wr->cap - wr->len < 1)
		return -1;
	wr->buf[wr->len++] = v;
	return 0;
}

static inline WIRE_WUR int
wire_wr_u16(struct wire_wr *wr, uint16_t v)
{
	if (wr->cap - wr->len < 2)
		return -1;
	wr->buf[wr->len++] = (uint8_t)(v >> 8);
	wr->buf[wr->len++] = (uint8_t)v;
	return 0;
}

static inline WIRE_WUR int
wire_wr_u24(struct wire_wr *wr, uint32_t v)
{
	if (wr->cap - wr->len < 3 || v > 0xffffff)
		return -1;
	wr->buf[wr->len++] = (uint8_t)(v >> 16);
	wr->buf[wr->len++] = (uint8_t)(v >> 8);
	wr->buf[wr->len++] = (uint8_t)v;
	return 0;
}

static inline WIRE_WUR int
wire_wr_u32(struct wire_wr *wr, uint32_t v)
{
	if (wr->cap - wr->len < 4)
		return -1;
	wr->buf[wr->len++] = (uint8_t)(v >> 24);
	wr->buf[wr->len++] = (uint8_t)(v >> 16);
	wr->buf[wr->len++] = (uint8_t)(v >> 8);
	wr->buf[wr->len++] = (uint8_t)v;
	return 0;
}

static inline WIRE_WUR int
wire_wr_u64(struct wire_wr *wr, uint64_t v)
{
	if (wr->cap - wr->len < 8 || wire_wr_u32(wr, (uint32_t)(v >> 32)) == -1 ||
	    wire_wr_u32(wr, (uint32_t)v) == -1)
		return -1;
	return 0;
}

static inline WIRE_WUR int
wire_wr_bytes(struct wire_wr *wr, const void *src, size_t n)
{
	if (wr->cap - wr->len < n)
		return -1;
	if (n > 0)
		memcpy(wr->buf + wr->len, src, n);
	wr->len += n;
	return 0;
}

/* Append the unread part of a view. */
static inline WIRE_WUR int
wire_wr_view_bytes(struct wire_wr *wr, const struct wire_rd *rd)
{
	return wire_wr_bytes(wr, rd->p, rd->left);
}

/* Reserve n bytes (zeroed) to back-patch later; *off gets their offset. */
static inline WIRE_WUR int
wire_wr_reserve(struct wire_wr *wr, size_t n, size_t *off)
{
	if (wr->cap - wr->len < n)
		return -1;
	memset(wr->buf + wr->len, 0, n);
	*off = wr->len;
	wr->len += n;
	return 0;
}

static inline WIRE_WUR int
wire_wr_patch_u8(struct wire_wr *wr, size_t off, uint8_t v)
{
	if (off >= wr->len)
		return -1;
	wr->buf[off] = v;
	return 0;
}

static inline WIRE_WUR int
wire_wr_patch_u16(struct wire_wr *wr, size_t off, uint16_t v)
{
	if (off > wr->len || wr->len - off < 2)
		return -1;
	wr->buf[off] = (uint8_t)(v >> 8);
	wr->buf[off + 1] = (uint8_t)v;
	return 0;
}

/* Drop what was written after offset off (to redo a part). */
static inline void
wire_wr_truncate(struct wire_wr *wr, size_t off)
{
	if (off <= wr->len)
		wr->len = off;
}

/* Number of bytes written since offset off (for length back-patching). */
static inline size_t
wire_wr_since(const struct wire_wr *wr, size_t off)
{
	return wr->len - off;
}

#endif /* EVPND_INCLUDE_WIRE_H */
