/*
 * evpn_local.h -- private to evpn/: the context, the VNIs and their MAC,
 * IP and VTEP tables, and the seams between evpn_vni.c (links, VNIs,
 * RD/RT, type-3), evpn_mac.c (local learning, type-2, import into the
 * kernel) and evpn_show.c.
 *
 * DOC: ownership.  struct evpn owns the link table (a copy of what fib
 * last reported per ifindex), the VNIs and the import table.  An import
 * record (struct evpn_imp) is one remote route as bgpd's best path
 * currently has it, with the VNIs it was imported into; MAC, IP and VTEP
 * entries of a VNI point at the records that claim them (claims), never
 * own them.  Changing a route undoes its old record's claims and applies
 * the new one, so the kernel sees only the difference of the winners.
 */
#ifndef EVPND_EVPN_EVPN_LOCAL_H
#define EVPND_EVPN_EVPN_LOCAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "bgp_conf.h"
#include "evpn.h"
#include "evpn_nlri.h"
#include "htab.h"
#include "siphash.h"

#define EVPN_IMP_VNIS	8	/* VNIs one route may be imported into */
#define EVPN_RD_INDEX_MAX 65535	/* auto RD router-id:index */

struct evpn_link {
	struct htab_ent		 te;		/* key: ifindex */
	struct fib_link		 l;
};

/* One remote route (bgpd's best path for its key). */
struct evpn_imp {
	struct htab_ent		 te;		/* key: the route key */
	uint8_t			 type;		/* 2 or 3 */
	struct evpn_rd		 rd;
	struct mac_addr		 mac;		/* type 2 */
	struct ip_addr		 ip;		/* type 2: optional */
	struct ip_addr		 vtep;		/* next hop / PMSI endpoint */
	uint32_t		 seq;		/* MAC Mobility */
	bool			 sticky;
	uint8_t			 nvni;
	uint32_t		 vni[EVPN_IMP_VNIS];
};

/* Claims: the records that name one MAC, IP or VTEP in a VNI. */
struct evpn_claims {
	size_t			 n, cap;
	struct evpn_imp		**v;
};

struct evpn_ip;

struct evpn_mac {
	struct htab_ent		 te;		/* key: the MAC */
	struct mac_addr		 mac;
	/* local: on a bridge port */
	bool			 local;
	uint32_t		 port;
	bool			 is_static;
	uint32_t		 lseq;		/* our MAC Mobility sequence */
	bool			 advertised;	/* our type-2 (MAC) is in bgpd */
	size_t			 nlips, caplips;
	struct evpn_ip		**lips;		/* local IPs bound to it */
	/* remote */
	struct evpn_claims	 claims;
	struct ip_addr		 installed;	/* FDB entry's VTEP; NONE */
	bool			 inst_sticky;
	time_t			 since;		/* last change, monotonic */
};

struct evpn_ip {
	struct htab_ent		 te;		/* key: af, address */
	struct ip_addr		 ip;
	bool			 local;		/* in the SVI's neighbours */
	struct mac_addr		 lmac;
	bool			 is_router;
	bool			 advertised;	/* our type-2 (MAC/IP) */
	struct mac_addr		 adv_mac;	/* ... with this MAC */
	struct evpn_claims	 claims;
	bool			 installed;	/* neighbour entry on the SVI */
	struct mac_addr		 imac;
};

struct evpn_vtep {
	struct htab_ent		 te;		/* key: af, address */
	struct ip_addr		 ip;
	size_t			 refs;		/* type-3 routes naming it */
	bool			 installed;	/* flood entry */
};

struct evpn;

struct evpn_vni {
	struct htab_ent		 te;		/* key: vni (4 octets) */
	struct evpn		*e;
	uint32_t		 vni;
	uint32_t		 vxlan;		/* ifindex */
	uint32_t		 bridge;	/* the VXLAN device's master */
	struct ip_addr		 local;		/* VTEP address */
	bool			 up;
	bool			 active;	/* advertised and imported */
	uint16_t		 rd_index;	/* auto RD; 0: none held */
	struct evpn_rd		 rd;
	size_t			 nimport, nexport;
	struct ext_comm		 import[BGP_CONF_RT_MAX];
	struct ext_comm		 export[BGP_CONF_RT_MAX];
	bool			 rd_auto, rt_auto;
	bool			 imet;		/* our type-3 is in bgpd */
	bool			 quiet;		/* leave the kernel alone */
	struct htab		 macs, ips, vteps;
};

struct evpn {
	struct log_ctx		*log;
	struct fib		*fib;
	struct bgp		*bgp;
	const struct bgp_conf	*conf;
	const struct bgp_conf_inst *inst;	/* default instance, or NULL */
	struct siphash_key	 hkey;
	struct htab		 links;
	struct htab		 vnis;
	struct htab		 imps;
	uint8_t			 rd_used[(EVPN_RD_INDEX_MAX + 1) / 8];
};

/* evpn_vni.c */
struct evpn_link *evpn_link_get(const struct evpn *, uint32_t ifindex);
struct evpn_vni	*evpn_vni_find(const struct evpn *, uint32_t vni);
/* The active VNI whose VXLAN device's master is bridge (the SVI). */
struct evpn_vni	*evpn_vni_by_bridge(const struct evpn *, uint32_t bridge);
/* Our extended communities for a VNI's routes: export RTs, VXLAN
 * encapsulation; n written (at most cap). */
size_t		 evpn_vni_ecomm(const struct evpn_vni *, struct ext_comm *,
		    size_t cap);
/* Does one of the route's RTs match the VNI's import list? */
bool		 evpn_vni_imports(const struct evpn_vni *,
		    const struct ext_comm *, size_t n);

/* evpn_mac.c */
void		 evpn_mac_init(struct evpn_vni *);
/* Free the tables (the VNI is inactive: no claims, nothing advertised). */
void		 evpn_mac_fini(struct evpn_vni *);
/* Advertise or withdraw every local MAC and MAC/IP as v->active says
 * (the VNI became active or inactive); the local tables stay. */
void		 evpn_mac_sync(struct evpn_vni *);
/* Apply or undo a record's claims in one VNI. */
void		 evpn_imp_apply(struct evpn_vni *, struct evpn_imp *);
void		 evpn_imp_undo(struct evpn_vni *, struct evpn_imp *);
/* Undo every record's claims in vni (it is going inactive); kernel:
 * remove what was installed for them (else the device is gone, or the
 * daemon stops and leaves them to its successor). */
void		 evpn_imp_drop_vni(struct evpn *, struct evpn_vni *,
		    bool kernel);

#endif /* EVPND_EVPN_EVPN_LOCAL_H */
