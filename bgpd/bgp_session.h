/*
 * bgp_session.h -- private to the session layer (bgp_session.c, the
 * sockets; bgp_fsm.c, the state machine; bgp_show.c reads it).
 *
 * DOC: a peer's struct bgp_sess holds at most two TCP connections: conn,
 * the session, and coll, a second connection that arrived while conn was
 * in OpenSent or OpenConfirm and that waits for its OPEN so the collision
 * can be resolved (RFC 4271 section 6.8).  A connection owns its socket,
 * its two events, its read buffer and its output queue of refcounted
 * struct bgp_obuf chunks.  The FSM timers belong to the session.
 */
#ifndef EVPND_BGPD_BGP_SESSION_H
#define EVPND_BGPD_BGP_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "bgp_local.h"

#define BGP_RBUF_SIZE		(BGP_EXTMSG_MAX * 2)
#define BGP_OPENSENT_HOLD	240	/* RFC 4271 section 8.2.2 */
#define BGP_IDLE_HOLD_MAX	120
#define BGP_GR_TIME		120
#define BGP_IOV_MAX		64

struct bgp_oq_ent {
	struct bgp_obuf	*ob;
	size_t		 off;		/* bytes of ob already written */
};

struct bgp_conn {
	struct bgp_peer	*peer;
	int		 fd;
	bool		 outgoing;	/* we connected */
	bool		 connecting;	/* connect() in progress */
	bool		 eof;		/* read() saw the end */
	struct event	*rev;
	struct event	*wev;
	uint8_t		*rbuf;		/* BGP_RBUF_SIZE */
	size_t		 rlen;
	struct bgp_oq_ent *oq;		/* ring */
	size_t		 oq_head, oq_n, oq_cap;
	size_t		 queued;	/* bytes not yet written */
	bool		 above_high;
};

/* What the peer's OPEN said, for show. */
struct bgp_open_rx {
	bool		 as4, ext_msg, rr, rr_old, err, gr, fqdn;
	bool		 mp[BGP_FAM_COUNT];
	uint16_t	 hold;
	char		 hostname[64];
};

struct bgp_sess {
	struct bgp_conn	*conn;
	struct bgp_conn	*coll;
	struct event	*t_idle;	/* Idle: start (or free, dynamic) */
	struct event	*t_connect;	/* ConnectRetry */
	struct event	*t_hold;
	struct event	*t_keepalive;	/* persistent */
	struct bgp_obuf	*ka;		/* one KEEPALIVE, shared */
	unsigned	 idle_hold;	/* seconds, flap back-off */
	bool		 retried;	/* jitter only retries */
	bool		 md5_listen;	/* key installed on the listeners */
	char		 md5_key[BGP_CONF_PASSWORD_MAX];
	time_t		 last_warn;	/* rate limit, monotonic */
	time_t		 est_wall;	/* wall clock at Established */
	uint16_t	 lport, rport;
	uint16_t	 hold_tx;	/* what our OPEN said */
	bool		 caps_tx_mp[BGP_FAM_COUNT];
	struct bgp_open_rx rx;
};

/* bgp_session.c */
struct bgp_conn	*bgp_conn_new(struct bgp_peer *, int fd, bool outgoing);
void		 bgp_conn_free(struct bgp_conn *);
/* Non-blocking connect to the peer; NULL with errno logged. */
struct bgp_conn	*bgp_conn_connect(struct bgp_peer *);
void		 bgp_conn_read_enable(struct bgp_conn *);
void		 bgp_conn_send(struct bgp_conn *, struct bgp_obuf *);
/* One non-blocking write attempt of whatever is queued. */
void		 bgp_conn_flush_once(struct bgp_conn *);
void		 bgp_conn_notify(struct bgp_conn *, uint8_t code,
		    uint8_t subcode, const void *data, size_t len);
void		 bgp_conn_addrs(struct bgp_conn *);
void		 bgp_sess_md5_listen(struct bgp_peer *, bool on);
/* Prefix keys of the listen ranges whose group has a password. */
void		 bgp_listen_md5_ranges(struct bgp *,
		    const struct bgp_conf_inst *, bool on);
time_t		 bgp_mono_now(void);

/* bgp_fsm.c, for bgp_main.c and bgp_show.c */
/* IPv4 unicast is on unless `no bgp default ipv4-unicast`. */
bool		 bgp_conf_fam_activated(const struct bgp_conf_peer *,
		    const struct bgp_conf_inst *, enum bgp_fam);
uint16_t	 bgp_conf_hold(const struct bgp_conf_peer *,
		    const struct bgp_conf_inst *);
uint16_t	 bgp_conf_keepalive(const struct bgp_conf_peer *,
		    const struct bgp_conf_inst *);
/* Cease with subcode (0: no NOTIFICATION), then free the peer. */
void		 bgp_peer_free_cease(struct bgp_peer *, uint8_t subcode,
		    const char *reason);
/* Stop without restarting (shutdown): Cease / subcode. */
void		 bgp_peer_halt(struct bgp_peer *, uint8_t subcode,
		    const char *reason);

/* bgp_fsm.c, called by bgp_session.c */
void		 bgp_fsm_connected(struct bgp_conn *);
void		 bgp_fsm_conn_failed(struct bgp_conn *, const char *reason);
void		 bgp_fsm_accept(struct bgp_peer *, int fd);
/* One framed message; -1 when conn was closed. */
int		 bgp_fsm_msg(struct bgp_conn *, const struct bgp_hdr *);
void		 bgp_fsm_frame_error(struct bgp_conn *, const struct bgp_err *);
size_t		 bgp_fsm_max_len(const struct bgp_conn *);

#endif /* EVPND_BGPD_BGP_SESSION_H */
