#!/usr/bin/env python3
"""CPU time per process of a running ./studio up, from /proc, for the benchmarks.

  bench/cpu.py snapshot FILE         writes each process group's CPU seconds so far to FILE
  bench/cpu.py report A B ITEMS      prints each group's CPU milliseconds per image between two snapshots

Groups: each service (by its quarkus-run.jar), PostgreSQL (every postgres process, and the backends
that ended, from the postmaster's children's time), the S3 store (S3Proxy), Keycloak, and the devstack
JVM split by thread: the OpenAI stub (its Vert.x threads) and the rest (Kafka, and the JVM's own threads, its
garbage collector among them, which the stub's large answers keep busy)."""
import json
import os
import re
import sys

TICK = os.sysconf("SC_CLK_TCK")
MACHINE = "the whole machine"


def stat(path):
    with open(path) as f:
        data = f.read()
    # the command name may hold spaces: the fields follow its closing parenthesis
    name = data[data.index("(") + 1:data.rindex(")")]
    fields = data[data.rindex(")") + 2:].split()
    return name, fields


def seconds(fields, children=False):
    # utime, stime are fields 14 and 15 of stat (11, 12 after the name); cutime, cstime 16, 17
    total = int(fields[11]) + int(fields[12])
    if children:
        total += int(fields[13]) + int(fields[14])
    return total / TICK


def group_of(cmdline):
    match = re.search(r"([\w-]+)/target/quarkus-app/quarkus-run\.jar", cmdline)
    if match:
        return match.group(1)
    if "org.gaul.s3proxy.Main" in cmdline:
        return "s3 store (S3Proxy)"
    if "studio.devstack.DevstackMain" in cmdline:
        return "devstack"
    if "keycloak" in cmdline.lower():
        return "keycloak"
    return None


def snapshot():
    groups = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
            name, fields = stat("/proc/%s/stat" % pid)
        except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError):
            continue
        if name == "postgres":
            parent_is_postgres = False
            try:
                parent_name, _ = stat("/proc/%s/stat" % fields[1])
                parent_is_postgres = parent_name == "postgres"
            except (FileNotFoundError, ValueError):
                pass
            # the postmaster counts the backends that ended; a backend counts itself
            groups["postgresql"] = groups.get("postgresql", 0) + seconds(fields, children=not parent_is_postgres)
            continue
        group = group_of(cmdline)
        if group is None:
            continue
        if group == "devstack":
            for tid in os.listdir("/proc/%s/task" % pid):
                try:
                    thread, tfields = stat("/proc/%s/task/%s/stat" % (pid, tid))
                except (FileNotFoundError, ValueError):
                    continue
                key = "openai stub" if thread.startswith("vert.x") else "kafka, JVM, GC (devstack)"
                groups[key] = groups.get(key, 0) + seconds(tfields)
            continue
        groups[group] = groups.get(group, 0) + seconds(fields)
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:]]
    # user, nice, system, irq, softirq, steal: busy time on every core, whatever ran
    groups[MACHINE] = (cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + cpu[7]) / TICK
    return groups


def report(a, b, items):
    before, after = json.load(open(a)), json.load(open(b))
    rows = sorted(((after[k] - before.get(k, 0)) * 1000 / items, k) for k in after if k != MACHINE)
    for ms, name in reversed(rows):
        print("    %-24s %7.1f ms/image" % (name, ms))
    machine = (after[MACHINE] - before[MACHINE]) * 1000 / items
    print("    %-24s %7.1f ms/image (every process, the benchmark's own included)" % (MACHINE, machine))
    return machine


if __name__ == "__main__":
    if sys.argv[1] == "snapshot":
        json.dump(snapshot(), open(sys.argv[2], "w"))
    elif sys.argv[1] == "report":
        report(sys.argv[2], sys.argv[3], int(sys.argv[4]))
