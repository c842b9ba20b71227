"""The three-tier example (examples/three-tier/index.ts) in Python.

A VPC with one vSwitch per tier, and three security groups: web admits HTTP/HTTPS from
anywhere, app admits only the web group on 8080, the database admits only the app group on
MySQL 3306 and drops 3306 from everywhere else; each tier isolates its own members.

    pulumi package add ../../plugin     # generates sdks/alicloud-secgroups, adds it to requirements.txt
    pulumi stack init dev
    pulumi config set adminIp 203.0.113.7        # optional: SSH from one address
    pulumi config set groupType enterprise       # optional: enterprise groups, CIDR rules
    pulumi up

With basic groups, a Redis cache admits the app tier, and a Connection lets the app tier
reach MySQL's X protocol (33060) on the database tier. Both are given the app tier's id: the
plugin knows the group as its own, so with `egress restricted` the app tier's egress to them
is written too (a path is never open on one side only).

Differences from TypeScript: ports are strings ("tcp:443") or numbers in port_numbers, peers
are objects (secgroups.PeerArgs(cidr=...)), choices are enums (plain strings work too), a
group is passed by its id (tiers.app_id), and the outputs are ids (web_id, app_id, db_id,
group_id, rule_ids) and the intents (the components' promises and yours).
"""
import pulumi
import pulumi_alicloud as alicloud
import pulumi_alicloud_secgroups as secgroups

config = pulumi.Config()
zone_id = config.get("zoneId") or "cn-hangzhou-h"
group_type = config.get("groupType") or "normal"
egress = config.get("egress") or "default"
admin_ip = config.get("adminIp")
blocks = {"vpc": "10.0.0.0/16", "web": "10.0.1.0/24", "app": "10.0.2.0/24", "db": "10.0.3.0/24"}

vpc = alicloud.vpc.Network("shop-vpc", vpc_name="shop", cidr_block=blocks["vpc"])
vswitches = {
    tier: alicloud.vpc.Switch(f"shop-{tier}-vsw", vpc_id=vpc.id, zone_id=zone_id, cidr_block=blocks[tier], vswitch_name=f"shop-{tier}")
    for tier in ("web", "app", "db")
}

# Enterprise groups cannot authorise each other by group: the tiers then admit each other by
# their vSwitch blocks, on both sides.
enterprise = group_type == "enterprise"


def cidrs(tier):
    return [secgroups.PeerArgs(cidr=blocks[tier])] if enterprise else None


tiers = secgroups.ThreeTierSecurityGroups(
    "shop",
    vpc_id=vpc.id,
    group_type=group_type,
    egress=egress,
    web=secgroups.WebTierArgs(cidrs=cidrs("web")) if enterprise else None,
    app=secgroups.AppTierArgs(cidrs=cidrs("app")) if enterprise else None,
    db=secgroups.DbTierArgs(engine=secgroups.DatabaseEngine.MYSQL, cidrs=cidrs("db")),
    admin=secgroups.TierAdminArgs(sources=[secgroups.PeerArgs(cidr=admin_ip)]) if admin_ip else None,
    tags={"app": "shop"},
    # Your own promise, proved with the tiers' own by audit and diff of this program's preview.
    intents=[
        secgroups.IntentArgs(
            id="no-internet-to-db",
            from_=secgroups.IntentSelectorArgs(internet=True),
            to=secgroups.IntentSelectorArgs(component="shop", tier="db"),
            all_ports=True,
            expect=secgroups.IntentExpectation.DENY,
            because="the database is never on the internet",
        )
    ],
)

if not enterprise:
    # A group given by its id output is the library's: both sides of each path are written.
    cache = secgroups.DatabaseSecurityGroup(
        "cache",
        vpc_id=vpc.id,
        engine=secgroups.DatabaseEngine.REDIS,
        sources=[secgroups.PeerArgs(security_group_id=tiers.app_id, name="shop-app")],
    )
    secgroups.Connection("app-to-db-x", from_=tiers.app_id, to=tiers.db_id, port_numbers=[33060])
    pulumi.export("redisGroupId", cache.group_id)

pulumi.export("vpcId", vpc.id)
pulumi.export("vswitchIds", {tier: v.id for tier, v in vswitches.items()})
pulumi.export("webGroupId", tiers.web_id)
pulumi.export("appGroupId", tiers.app_id)
pulumi.export("dbGroupId", tiers.db_id)
