"""Reads the variable list out of `dwarfmap show --json` output.

The benchmarks only need a few fields of each variable (identity, address,
size, TLS or not, section, symbol), so this module is deliberately tolerant
about the JSON's exact shape: the variables are the first list of objects
found under one of VAR_KEYS (at the top level or one level down), or the
document itself if it is such a list.  Addresses may be numbers or "0x..."
strings.  If the shape is not recognised the error says what was found, so
the one place to adapt is here.

    python3 bench/lib/dmjson.py count FILE.json   -> number of variables
    python3 bench/lib/dmjson.py dump FILE.json    -> one line per variable:
                                                     tls addr size section id
"""
import json
import sys

VAR_KEYS = ("variables", "vars", "state", "inventory")
NOSTATE_KEYS = ("no_storage", "nostate", "no_state")


class ShapeError(Exception):
    pass


def _as_int(v):
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, str):
        try:
            return int(v, 0)
        except ValueError:
            return None
    return None


def _find_list(doc, keys):
    if isinstance(doc, dict):
        for k in keys:
            if isinstance(doc.get(k), list):
                return doc[k]
        for v in doc.values():
            if isinstance(v, dict):
                for k in keys:
                    if isinstance(v.get(k), list):
                        return v[k]
    return None


def _is_tls(v):
    if v.get("tls") is True:
        return True
    for k in ("kind", "storage", "class"):
        s = v.get(k)
        if isinstance(s, str) and s.lower() in ("tls", "thread", "thread_local", "dm_var_tls"):
            return True
    flags = v.get("flags")
    if isinstance(flags, list) and "tls" in flags:
        return True
    return False


def variables(doc):
    """The variables of a parsed document, as dicts with normalised keys."""
    lst = doc if isinstance(doc, list) else _find_list(doc, VAR_KEYS)
    if lst is None:
        keys = sorted(doc.keys()) if isinstance(doc, dict) else type(doc).__name__
        raise ShapeError("no variable list under %s; top level: %s"
                         % ("/".join(VAR_KEYS), keys))
    out = []
    for v in lst:
        if not isinstance(v, dict):
            raise ShapeError("variable entry is a %s, not an object" % type(v).__name__)
        pieces = []
        for p in v.get("pieces") or []:
            if isinstance(p, dict):
                pieces.append({
                    "offset": _as_int(p.get("offset")),
                    "size": _as_int(p.get("size")),
                    "address": _as_int(p.get("address")),
                    "present": p.get("present", True),
                })
        out.append({
            "id": v.get("id") or v.get("name"),
            "name": v.get("name"),
            "address": _as_int(v.get("address", v.get("addr"))),
            "size": _as_int(v.get("size")),
            "tls": _is_tls(v),
            "section": v.get("section"),
            "symbol": v.get("symbol"),
            "writable": v.get("writable"),
            "pieces": pieces,
        })
    return out


def nostate(doc):
    lst = _find_list(doc, NOSTATE_KEYS) if isinstance(doc, dict) else None
    return lst or []


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def main(argv):
    if len(argv) != 3 or argv[1] not in ("count", "dump"):
        sys.stderr.write(__doc__)
        return 2
    try:
        vs = variables(load(argv[2]))
    except (ValueError, ShapeError) as e:
        sys.stderr.write("dmjson: %s: %s\n" % (argv[2], e))
        return 1
    if argv[1] == "count":
        print(len(vs))
    else:
        for v in vs:
            a = v["address"]
            print("%s %s %s %s %s" % ("tls" if v["tls"] else "-",
                                      "?" if a is None else "0x%x" % a,
                                      v["size"], v["section"], v["id"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
