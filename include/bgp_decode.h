/*
 * bgp_decode.h -- `evpnd --decode FILE`: BGP messages from a file to JSON.
 */
#ifndef EVPND_INCLUDE_BGP_DECODE_H
#define EVPND_INCLUDE_BGP_DECODE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bgp_update.h"

#define BGP_DECODE_FILE_MAX	(256u << 20)	/* refuse larger inputs */

/*
 * Decode buf and print one JSON object per message, one per line, to out.
 * buf is hex text when its first byte can start it (a hex digit, white
 * space or '#'): a message per line (or several back to back), '#'
 * comment lines, and "# ... A -> B ..." lines naming the flow of the
 * messages after them.  Anything else is raw messages back to back.
 * Malformed messages and bad hex lines are reported as JSON error
 * objects, never fatal.
 */
void	bgp_decode_buf(const struct bgp_codec *, const uint8_t *buf,
	    size_t len, FILE *out);
/* Read path and decode it.  0 when the file was read, -1 when not. */
int	bgp_decode_file(const struct bgp_codec *, const char *path, FILE *out);

#endif /* EVPND_INCLUDE_BGP_DECODE_H */
