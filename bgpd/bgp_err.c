/*
 * bgp_err.c -- recording malformations with their RFC 7606 action.
 *
 * RFC 7606 section 3: when one UPDATE holds several errors, the most
 * severe action applies.  We keep the first error of the most severe
 * action (its NOTIFICATION code, subcode and data are the ones to send)
 * and count all of them.
 */
#include "bgp_msg.h"

#include <stdio.h>
#include <string.h>

void
bgp_err_init(struct bgp_err *e)
{
	memset(e, 0, sizeof(*e));
}

void
bgp_err_raise(struct bgp_err *e, enum bgp_action act, uint8_t code,
    uint8_t subcode, const struct wire_rd *data, const char *reason)
{
	e->count++;
	if (act <= e->action)
		return;
	e->action = act;
	e->code = code;
	e->subcode = subcode;
	if (data != NULL)
		e->data = *data;
	else
		wire_rd_init(&e->data, NULL, 0);
	snprintf(e->reason, sizeof(e->reason), "%s", reason);
}

const char *
bgp_action_name(enum bgp_action act)
{
	switch (act) {
	case BGP_ACT_NONE:
		return "none";
	case BGP_ACT_ATTR_DISCARD:
		return "attribute-discard";
	case BGP_ACT_WITHDRAW:
		return "treat-as-withdraw";
	case BGP_ACT_AFI_DISABLE:
		return "afi-safi-disable";
	case BGP_ACT_RESET:
		return "session-reset";
	}
	return "unknown";
}

const char *
bgp_msg_type_name(uint8_t type)
{
	switch (type) {
	case BGP_MSG_OPEN:
		return "OPEN";
	case BGP_MSG_UPDATE:
		return "UPDATE";
	case BGP_MSG_NOTIFICATION:
		return "NOTIFICATION";
	case BGP_MSG_KEEPALIVE:
		return "KEEPALIVE";
	case BGP_MSG_ROUTE_REFRESH:
		return "ROUTE-REFRESH";
	default:
		return "UNKNOWN";
	}
}
