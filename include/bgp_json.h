/*
 * bgp_json.h -- decoded BGP messages as JSON (evpnd --decode, and later
 * the control socket's views of received messages).
 *
 * Field names follow FRR's JSON where FRR has one (camelCase); the full
 * schema is in docs/decode.md.  The printers only read decoded structures:
 * they never parse, so they cannot fail on bad input.
 */
#ifndef EVPND_INCLUDE_BGP_JSON_H
#define EVPND_INCLUDE_BGP_JSON_H

#include "bgp_msg.h"
#include "bgp_update.h"
#include "json.h"

/* Members of an OPEN (inside an already open object). */
void	bgp_json_open(struct json *, const struct bgp_open *);
void	bgp_json_notification(struct json *, const struct bgp_notification *);
void	bgp_json_route_refresh(struct json *, const struct bgp_route_refresh *);
void	bgp_json_update(struct json *, const struct bgp_codec *,
	    const struct bgp_update *);
/* "error", "action", "notification": [code, subcode], "notificationData" */
void	bgp_json_err(struct json *, const struct bgp_err *);

#endif /* EVPND_INCLUDE_BGP_JSON_H */
