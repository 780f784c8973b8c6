#!/usr/bin/env python3
"""Benchmark data (not a test): N realistic complaints for SPEC section 13.

Usage: generate.py N [--format jsonl|csv|flat|flat-register] [--seed S] [--now TIME]

Writes N complaints to standard output, in the order received, over the 15
months before --now (default 2026-12-01T10:00:00+08:00; give scale.sh's
COMPLAINTS_NOW the same time so that the same milestones are overdue).

  jsonl  one complaint per line in the shape of `complaints --format json
         show ID` (as `complaints export` writes it: no event `seq`), with
         its whole history in `events`; what `complaints import` reads.
  csv    the columns of `complaints import --format csv`: received_at,
         channel, category, customer_name, summary, kind, severity,
         customer_contact, customer_organization, customer_order, demand,
         description, ref (no site: the built-in policy has no [site]).
  flat   the same complaints pre-flattened for tests/bench/loader.c, one
         record a line, fields separated by TAB, \\N for NULL:
           H <the names of the complaint columns of the C lines>   (first line)
           C <the columns of table complaint, in FLAT_COLUMNS order>
           E <type> <at> <recorded_at> <actor> <details JSON>
         each E line belonging to the C line before it.
  flat-register  the complaints of the CSV in the flat form, each as
         `register` leaves it (status registered, one register event):
         the loader's yardstick for a CSV import. Times are stored
         UTC (YYYY-MM-DDTHH:MM:SSZ), amounts integer minor units, as the
         tool stores them. No generated text holds a TAB or a line break.

The policy is the built-in one (zone Asia/Shanghai, codes TEL EML WEB LTR
VIS SOC REG, kinds complaint/suggestion/inquiry, severities general/major/
urgent; inquiries close on resolve). Every complaint is simulated event by
event, and its fields (status, milestones, resolution, ...) are derived
from its events the way the tool derives them, so the status always
agrees with the history. Deadlines are plausible working-day deadlines
(18:00 local, weekends skipped, no holidays), not the policy's exact
arithmetic: import takes them from the events.

Statuses: registered, assigned, investigating, resolved, closed, on_hold,
rejected, withdrawn. Not awaiting_approval: the built-in policy has no
authority limits, so no resolution of it could wait for approval.

Deterministic for a given seed, N and --now. stdlib only.
"""
import argparse
import csv
import json
import random
import sys
import time

OFFSET = 8 * 3600  # Asia/Shanghai, no summer time
OPEN_SECONDS = 13 * 3600  # complaints arrive 08:00-21:00 local

# ---------------------------------------------------------------- time text
_date_cache = {}


def _date(day):
    s = _date_cache.get(day)
    if s is None:
        s = time.strftime("%Y-%m-%d", time.gmtime(day * 86400))
        _date_cache[day] = s
    return s


def utc(t):
    """2026-06-05T02:00:00Z"""
    if t is None:
        return None
    d, s = divmod(t, 86400)
    return "%sT%02d:%02d:%02dZ" % (_date(d), s // 3600, s // 60 % 60, s % 60)


def local(t):
    """2026-06-05T10:00:00+08:00, as show prints under TZ=Asia/Shanghai"""
    if t is None:
        return None
    d, s = divmod(t + OFFSET, 86400)
    return "%sT%02d:%02d:%02d+08:00" % (_date(d), s // 3600, s // 60 % 60, s % 60)


def local_day(t):
    return _date((t + OFFSET) // 86400).replace("-", "")


def parse_time(text):
    """YYYY-MM-DDTHH:MM:SS(+08:00|Z) -> unix seconds"""
    base = time.strptime(text[:19], "%Y-%m-%dT%H:%M:%S")
    t = int(time.mktime(base) - time.mktime(time.gmtime(0)))  # as if UTC
    tail = text[19:]
    if tail in ("", "Z", "+00:00"):
        return t
    sign = 1 if tail[0] == "+" else -1
    hh, mm = tail[1:].split(":")
    return t - sign * (int(hh) * 3600 + int(mm) * 60)


def wd_due(t, n):
    """n working days after t: 18:00 local of the n-th Monday-Friday day after t's day."""
    day = (t + OFFSET) // 86400
    while n > 0:
        day += 1
        if (day + 3) % 7 < 5:  # 1970-01-01 was a Thursday; Monday = 0
            n -= 1
    return day * 86400 + 18 * 3600 - OFFSET


def limit_due(t, limit):
    if limit.endswith("wd"):
        return wd_due(t, int(limit[:-2]))
    if limit.endswith("h"):
        return t + int(limit[:-1]) * 3600
    if limit.endswith("m"):
        return t + int(limit[:-1]) * 60
    raise ValueError(limit)


# ---------------------------------------------------------------- vocabulary
CHANNELS = [("phone", "TEL", 8), ("email", "EML", 4), ("web", "WEB", 3), ("letter", "LTR", 1),
            ("visit", "VIS", 1), ("social", "SOC", 2), ("regulator", "REG", 1)]
CHANNEL_PICK = [c for c in CHANNELS for _ in range(c[2])]
CATEGORIES = ["product"] * 4 + ["delivery"] * 2 + ["service"] * 2 + ["billing", "other"]
KINDS = ["complaint"] * 17 + ["suggestion"] + ["inquiry"] * 2
SEVERITIES = ["general"] * 16 + ["major"] * 3 + ["urgent"]
LIMITS = {  # (kind, severity) -> milestone -> limit; built-in policy
    "base": {"acknowledge": "1wd", "assign": "1wd", "investigate": "3wd", "resolve": "5wd",
             "revisit": "1wd"},
    "major": {"assign": "1h", "investigate": "1wd", "resolve": "3wd"},
    "urgent": {"assign": "30m", "investigate": "4h", "resolve": "1wd"},
    "suggestion": {"resolve": "10wd"},
    "inquiry": {"resolve": "24h"},
}
CLERKS = ["li", "wu", "zhou", "ma", "hu"]
STAFF = [("zhang", "QC"), ("chen", "Finance"), ("wang", "LOG"), ("liu", "SVC"), ("zhao", "QC"),
         ("sun", "SVC"), ("he", "LOG"), ("gao", None)]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉"
LATIN_FIRST = ["Anna", "Ben", "Clara", "David", "Emma", "Felix", "Grace", "Hugo", "Iris", "Jonas",
               "Karin", "Lukas", "Marie", "Nils", "Olga", "Paul", "Rosa", "Sven", "Tara", "Yusuf"]
LATIN_LAST = ["Müller", "Schmidt", "García", "Rossi", "Dubois", "Novák", "Kowalski", "Smith",
              "Jensen", "Nguyen", "Okafor", "Silva", "Yilmaz", "Andersson", "Costa", "Weber"]
ORGS = ["Acme Trading Co.", "上海华联超市", "北京餐饮管理有限公司", "Nordwind GmbH",
        "深圳市明达电子有限公司", "Lakeside Hotel", "杭州第一人民医院食堂", "Café Lumière"]
SUMMARIES = {
    "product": ["电水壶使用一周后漏水", "冰箱不制冷", "洗衣机噪音很大", "Blender motor stops after 2 minutes",
                "Electric kettle leaks after a week", "手机屏幕出现坏点", "Vacuum cleaner battery dies in 5 minutes",
                "空调遥控器失灵", "Coffee machine leaks water", "微波炉门关不严"],
    "delivery": ["快递八天未送达", "包裹外包装破损", "送错了商品", "Parcel arrived late",
                 "Courier left the parcel in the rain", "配送员态度恶劣", "Order delivered to wrong address"],
    "service": ["客服电话一直占线", "Rude hotline agent", "维修师傅迟到三小时", "门店营业时间与网上不符",
                "Technician did not show up", "售后服务不回电话"],
    "billing": ["同一订单重复扣款", "Charged twice for order", "发票抬头错误", "Refund not received after 30 days",
                "会员费自动续费未通知", "Invoice amount does not match the receipt"],
    "other": ["网站无法登录", "隐私政策不清楚", "Loyalty points disappeared", "广告内容与实际不符",
              "Opening hours at the Pudong store?"],
}
DESCRIPTIONS = ["顾客来电称产品在保修期内出现故障，要求尽快处理。", "The customer described the problem in detail and sent photos.",
                "客户多次联系未果，情绪较为激动。", "Second time this month; the customer asks for a manager to call back.",
                "顾客提供了订单截图和付款记录。"]
DEMANDS = [None] * 5 + ["refund", "exchange", "repair", "apology", "退款", "换货", "compensation"]
FINDINGS = ["密封圈开裂，批次42受影响", "Seal cracked; batch 42 affected", "物流中转站延误",
            "Second charge was captured, not just authorised", "系统故障导致重复扣款", "Agent did not follow the script",
            "产品使用不当", "Courier scanned the parcel at the wrong depot", "供应商零件缺陷", "无法复现问题"]
CAUSES = [None, None, "supplier defect", "物流延误", "system error", "staff conduct", "customer misuse", "设计缺陷"]
PLANS = ["退款并更换新品", "Refund and replacement kettle", "上门维修", "Explain the pending authorisation",
         "赔偿运费并道歉", "Replace the blender", "补开发票", "Send a technician and apologise"]
OUTCOMES = ["refund", "exchange", "repair", "compensation", "apology", "explanation", "none"]
NOTES = [None, None, None, "顾客表示满意", "call the customer first", "已电话告知处理进度", "left a voicemail",
         "客户要求书面答复", "wants a refund instead", "happy with the new kettle"]
REJECT_REASONS = ["out_of_scope", "handled_elsewhere", "not_consumer", "incomplete", "duplicate",
                  "duplicate", "time_barred", "other"]
HOLD_REASONS = ["waiting_customer", "waiting_third_party", "waiting_parts", "other"]


# ---------------------------------------------------------------- one complaint
class Complaint:
    __slots__ = ("f", "events", "ms", "contacts", "findings", "revisits", "resolution", "rejection",
                 "withdrawal", "hold", "limits", "holds")

    def __init__(self):
        self.events = []
        self.ms = {m: [None, None, None] for m in
                   ("acknowledge", "assign", "investigate", "resolve", "revisit", "hold")}  # due, met, started
        self.contacts, self.findings, self.revisits, self.holds = [], [], [], []
        self.resolution = self.rejection = self.withdrawal = self.hold = None


def limits_for(kind, severity):
    lim = dict(LIMITS["base"])
    if severity in LIMITS:
        lim.update(LIMITS[severity])
    if kind in LIMITS:
        lim.update(LIMITS[kind])
    return lim


class Generator:
    def __init__(self, n, seed, now):
        self.n = n
        self.r = random.Random(seed)  # the complaint's fields
        self.life = random.Random(seed * 1000003 + 7)  # what happens to it
        self.register_only = False
        self.now = now
        self.days = 456  # 15 months, ending the day before --now
        # 08:00 local of the first day, in UTC seconds
        self.first_day = ((now + OFFSET) // 86400 - self.days) * 86400 + 8 * 3600 - OFFSET
        self.serial_day = None
        self.serials = {}
        self.recent_ids = {}  # category -> a recent number (duplicate rejections)
        self.i = 0

    def name(self):
        r = self.r
        if r.random() < 0.7:
            return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2, 2))))
        return r.choice(LATIN_FIRST) + " " + r.choice(LATIN_LAST)

    def complaint(self):
        r, i = self.r, self.i
        self.i += 1
        # received 08:00-21:00 local, every day, evenly over the 15 months
        slot = OPEN_SECONDS * self.days / self.n
        open_t = int((i + r.random() * 0.9) * slot)
        received = self.first_day + (open_t // OPEN_SECONDS) * 86400 + open_t % OPEN_SECONDS
        received = min(received, self.now - 3600)
        ch, code, _ = r.choice(CHANNEL_PICK)
        day = local_day(received)
        if day != self.serial_day:
            self.serial_day, self.serials = day, {}
        serial = self.serials.get(code, 0) + 1
        self.serials[code] = serial
        c = Complaint()
        kind, severity = r.choice(KINDS), r.choice(SEVERITIES)
        category = r.choice(CATEGORIES)
        c.limits = limits_for(kind, severity)
        f = c.f = {
            "id": "%s-%s-%03d" % (day, code, serial), "day": day, "code": code, "serial": serial,
            "status": "registered", "kind": kind, "channel": ch, "category": category,
            "severity": severity, "customer_name": self.name(),
            "customer_contact": (("1%02d%08d" % (r.randint(30, 99), r.randrange(10 ** 8)))
                                 if r.random() < 0.5 else
                                 ("user%d@example.cn" % r.randrange(10 ** 6)) if r.random() < 0.3 else None),
            "customer_organization": r.choice(ORGS) if r.random() < 0.12 else None,
            "customer_order": ("SO-%07d" % r.randrange(10 ** 7)) if r.random() < 0.35 else None,
            "summary": r.choice(SUMMARIES[category]),
            "description": r.choice(DESCRIPTIONS) if r.random() < 0.3 else None,
            "demand": r.choice(DEMANDS),
            "ref": ("crm-%d" % (i + 1)) if r.random() < 0.05 else None,
            "received_at": received, "registered_by": r.choice(CLERKS),
            "assignee": None, "department": None, "reopen_count": 0, "unreachable_count": 0,
            "last_revisit_result": None, "last_revisit_score": None, "closed_at": None,
            "last_event_at": received, "cause": None, "substantiated": None, "held_from": None,
            "hold_reason": None, "held_seconds": 0, "total_amount": None,
        }
        self.simulate(c, received)
        self.recent_ids[category] = f["id"]
        return c

    # -- the life of one complaint ------------------------------------------
    def simulate(self, c, t):
        r, f = self.life, c.f
        age = (self.now - t) / 86400
        x = r.random()
        if age > 45:   # old: almost all finished; a small stale backlog
            fates = ((0.70, "closed"), (0.77, "reopened"), (0.82, "unreachable"), (0.88, "rejected"),
                     (0.934, "withdrawn"), (0.936, "resolved"), (0.9375, "on_hold"),
                     (0.9385, "investigating"), (0.9395, "assigned"), (0.94, "registered"),
                     (1.0, "closed"))
        else:
            fates = ((0.55, "closed"), (0.63, "reopened"), (0.67, "unreachable"), (0.73, "rejected"),
                     (0.78, "withdrawn"), (0.83, "resolved"), (0.87, "on_hold"),
                     (0.92, "investigating"), (0.96, "assigned"), (1.0, "registered"))
        fate = next(name for edge, name in fates if x < edge)
        if f["kind"] == "inquiry" and fate in ("reopened", "unreachable", "resolved"):
            fate = "closed"
        H = 3600
        self.ev_register(c, t)
        if self.register_only:
            return
        stop = self.now - 600

        def at(lo_h, hi_h):
            return c.f["last_event_at"] + int(r.uniform(lo_h, hi_h) * H)

        def step(fn, when, *args):
            if when > stop:
                raise StopIteration
            fn(c, when, *args)

        try:
            if r.random() < 0.4:
                step(self.ev_contact, at(0.2, 6))
            if fate == "registered":
                return
            if fate == "rejected":
                step(self.ev_reject, at(0.5, 48))
                return
            if fate == "withdrawn":
                if r.random() < 0.5:
                    step(self.ev_assign, at(0.2, 20))
                step(self.ev_withdraw, at(2, 120))
                return
            if fate == "on_hold" and r.random() < 0.3:
                step(self.ev_hold, at(1, 24))
                return
            step(self.ev_assign, at(0.1, 26))
            if r.random() < 0.08:
                step(self.ev_hold, at(1, 30))
                step(self.ev_resume, at(24, 150))
            if r.random() < 0.08:
                step(self.ev_assign, at(1, 30))  # a reassignment
            if fate == "assigned":
                return
            if fate == "on_hold":
                step(self.ev_hold, at(1, 24))
                return
            nfind = 1 if f["kind"] == "inquiry" and r.random() < 0.5 else r.choice((1, 1, 1, 2))
            if f["kind"] == "inquiry" and r.random() < 0.6:
                nfind = 0
            for k in range(nfind):
                step(self.ev_investigate, at(1, 60), k == nfind - 1 and fate != "investigating")
            if fate == "investigating":
                if nfind == 0:
                    step(self.ev_investigate, at(1, 60), False)
                return
            step(self.ev_resolve, at(2, 80))
            if f["kind"] == "inquiry" or fate == "resolved":
                return
            if fate == "unreachable":
                for _ in range(3):
                    step(self.ev_revisit, at(20, 30), "unreachable")
                return
            if fate == "reopened":
                if r.random() < 0.3:
                    step(self.ev_revisit, at(8, 40), "unreachable")
                step(self.ev_revisit, at(8, 40), "unsatisfied")
                step(self.ev_investigate, at(2, 48), True)
                step(self.ev_resolve, at(4, 72))
            step(self.ev_revisit, at(8, 40), "satisfied")
        except StopIteration:
            pass

    # -- events: details as the tool writes them, state as it derives it ------
    def add(self, c, typ, t, actor, details):
        c.events.append((typ, t, t + self.life.randrange(0, 600), actor, details))
        c.f["last_event_at"] = t

    def meet(self, c, m, t):
        if c.ms[m][1] is None and c.ms[m][0] is not None:
            c.ms[m][1] = t
            return True
        return False

    def start_clock(self, c, m, t):
        c.ms[m][0] = limit_due(t, c.limits[m])
        c.ms[m][1] = None
        c.ms[m][2] = t

    def ev_register(self, c, t):
        f = c.f
        for m in ("acknowledge", "assign", "resolve"):
            self.start_clock(c, m, t)
        self.add(c, "register", t, f["registered_by"], {
            "acknowledge_due": utc(c.ms["acknowledge"][0]), "assign_due": utc(c.ms["assign"][0]),
            "category": f["category"], "channel": f["channel"],
            "customer": {"contact": f["customer_contact"], "name": f["customer_name"],
                         "order": f["customer_order"], "organization": f["customer_organization"]},
            "demand": f["demand"], "description": f["description"], "kind": f["kind"], "ref": f["ref"],
            "resolve_due": utc(c.ms["resolve"][0]), "severity": f["severity"], "summary": f["summary"]})

    def ev_contact(self, c, t):
        r = self.life
        d = {}
        if self.meet(c, "acknowledge", t):
            d["acknowledged"] = True
        d["direction"] = "out" if r.random() < 0.7 else "in"
        d["note"] = r.choice(NOTES) or "已联系顾客"  # contact --note is required
        d["via"] = "phone" if r.random() < 0.7 else c.f["channel"]
        actor = r.choice(CLERKS)
        self.add(c, "contact", t, actor, d)
        c.contacts.append({"at": local(t), "by": actor, "via": d["via"], "direction": d["direction"],
                           "note": d["note"]})

    def ev_assign(self, c, t):
        r, f = self.life, c.f
        who, dept = r.choice(STAFF)
        if r.random() < 0.1:
            dept = None
        actor = r.choice(CLERKS)
        if f["assignee"] is None:
            self.meet(c, "assign", t)
            self.start_clock(c, "investigate", t)
            d = {"department": dept, "investigate_due": utc(c.ms["investigate"][0]),
                 "note": r.choice(NOTES), "to": who}
            f["status"] = "assigned" if f["status"] == "registered" else f["status"]
        else:
            while who == f["assignee"]:
                who, dept = r.choice(STAFF)
            d = {"department": dept, "from": f["assignee"], "note": "reassigned: workload",
                 "reassignment": True, "to": who}
        f["assignee"], f["department"] = who, dept
        self.add(c, "assign", t, actor, d)

    def ev_investigate(self, c, t, complete):
        r, f = self.life, c.f
        cause = r.choice(CAUSES)
        subst = r.choice((None, True, True, False)) if complete else None
        if complete:
            self.meet(c, "investigate", t)
        d = {"cause": cause, "complete": complete, "substantiated": subst, "text": r.choice(FINDINGS)}
        actor = f["assignee"] or r.choice(CLERKS)
        self.add(c, "investigate", t, actor, d)
        if cause is not None:
            f["cause"] = cause
        if subst is not None:
            f["substantiated"] = subst
        if f["status"] in ("assigned", "registered"):
            f["status"] = "investigating"
        c.findings.append({"at": local(t), "by": actor, "text": d["text"], "cause": cause,
                           "substantiated": subst, "complete": complete})

    def ev_resolve(self, c, t):
        r, f = self.life, c.f
        outcome = r.choice(OUTCOMES)
        cents = r.randrange(1000, 200000, 50) if outcome in ("refund", "compensation") else None
        amount = None if cents is None else "%d.%02d" % divmod(cents, 100)
        actor = f["assignee"] or r.choice(CLERKS)
        self.meet(c, "acknowledge", t)
        self.meet(c, "investigate", t)
        self.meet(c, "resolve", t)
        responsible = "supplier" if r.random() < 0.15 else None
        d = {"amount": amount}
        if f["kind"] == "inquiry":  # close_on_resolve
            d["closed"] = True
            revisit_due = None
            f["status"] = "closed"
            f["closed_at"] = t
        else:
            self.start_clock(c, "revisit", t)
            revisit_due = c.ms["revisit"][0]
            f["status"] = "resolved"
        d.update({"currency": "CNY", "outcome": outcome, "plan": r.choice(PLANS),
                  "responsible": responsible, "revisit_due": utc(revisit_due)})
        f["unreachable_count"] = 0
        if cents is not None:
            f["total_amount"] = (f["total_amount"] or 0) + cents
        c.resolution = {"plan": d["plan"], "outcome": outcome, "amount": amount, "currency": "CNY",
                        "responsible": responsible, "at": t, "by": actor, "cents": cents}
        self.add(c, "resolve", t, actor, d)

    def ev_revisit(self, c, t, result):
        r, f = self.life, c.f
        actor = r.choice(CLERKS)
        if result == "unreachable":
            f["unreachable_count"] += 1
            d = {"attempt": f["unreachable_count"]}
            score = None
            if f["unreachable_count"] == 3:
                d["closed"] = True
                self.meet(c, "revisit", t)
                f["status"], f["closed_at"] = "closed", t
            d.update({"note": "no answer" if r.random() < 0.5 else None, "result": result,
                      "score": None})
        else:
            score = r.choice((4, 5, 5, 3, None)) if result == "satisfied" else r.choice((1, 2, 2, None))
            d = {"note": r.choice(NOTES)}
            self.meet(c, "revisit", t)
            f["last_revisit_result"] = result
            if result == "unsatisfied":
                d["reopened"] = True
                self.start_clock(c, "resolve", t)
                d["resolve_due"] = utc(c.ms["resolve"][0])
                f["reopen_count"] += 1
                f["status"] = "investigating"
            else:
                f["status"], f["closed_at"] = "closed", t
            d["result"], d["score"] = result, score
        if score is not None:
            f["last_revisit_score"] = score
        self.add(c, "revisit", t, actor, d)
        c.revisits.append({"at": local(t), "by": actor, "result": result, "score": score,
                           "note": d["note"]})

    def ev_reject(self, c, t):
        r, f = self.life, c.f
        reason = r.choice(REJECT_REASONS)
        of = self.recent_ids.get(f["category"]) if reason == "duplicate" else None
        if reason == "duplicate" and of is None:
            reason = "other"
        d = {}
        if reason == "time_barred":
            d["known_at"] = utc(f["received_at"] - (3 * 365 + r.randrange(30, 400)) * 86400)
        d.update({"note": r.choice(NOTES), "of": of, "reason": reason})
        actor = r.choice(CLERKS)
        self.meet(c, "acknowledge", t)
        f["status"] = "rejected"
        c.rejection = {"reason": reason, "of": of, "note": d["note"], "at": local(t), "by": actor}
        if "known_at" in d:
            c.rejection["known_at"] = local(parse_time(d["known_at"]))
        self.add(c, "reject", t, actor, d)

    def ev_withdraw(self, c, t):
        r = self.life
        actor = r.choice(CLERKS)
        note = r.choice(("顾客已自行解决", "found the parcel at a neighbour's", None))
        self.meet(c, "acknowledge", t)
        c.f["status"] = "withdrawn"
        c.withdrawal = {"note": note, "at": local(t), "by": actor}
        self.add(c, "withdraw", t, actor, {"note": note})

    def ev_hold(self, c, t):
        r, f = self.life, c.f
        reason = r.choice(HOLD_REASONS)
        note = r.choice(("等待供应商配件", "seal ordered from the supplier", None, "waiting for photos"))
        actor = f["assignee"] or r.choice(CLERKS)
        c.hold = {"reason": reason, "note": note, "since": t, "by": actor, "from": f["status"]}
        f["held_from"], f["hold_reason"], f["status"] = f["status"], reason, "on_hold"
        c.ms["hold"] = [None, None, t]
        self.add(c, "hold", t, actor, {"from": c.hold["from"], "note": note, "reason": reason})

    def ev_resume(self, c, t):
        f = c.f
        held = t - c.hold["since"]
        moved = []
        for m in ("acknowledge", "assign", "investigate", "resolve", "revisit"):
            due, met, _ = c.ms[m]
            if due is not None and met is None:
                c.ms[m][0] = due + held
                moved.append({"from": utc(due), "milestone": m, "to": utc(due + held)})
        c.ms["hold"][1] = t
        f["held_seconds"] += held
        c.holds.append("%s/%s" % (utc(c.hold["since"]), utc(t)))
        to = c.hold["from"]
        f["status"], f["held_from"], f["hold_reason"] = to, None, None
        c.hold = None
        self.add(c, "resume", t, f["assignee"] or self.life.choice(CLERKS),
                 {"deadlines": moved, "held_seconds": held, "note": "part arrived", "to": to})

    # -- output ---------------------------------------------------------------
    def state(self, c, m):
        due, met, _ = c.ms[m]
        if met is not None:
            return "met_late" if due is not None and met > due else "met"
        if due is None:
            return "not_started"
        st = c.f["status"]
        if st in ("closed", "rejected", "withdrawn"):
            return "stopped"
        if (st == "on_hold") != (m == "hold"):
            return "paused"
        return "overdue" if due < self.now else "pending"

    def jsonl(self, c):
        f = c.f
        res = c.resolution
        milestones = {}
        nxt = None
        for m in ("acknowledge", "assign", "investigate", "resolve", "revisit", "hold"):
            st = self.state(c, m)
            milestones[m] = {"due": local(c.ms[m][0]), "met_at": local(c.ms[m][1]), "state": st}
            if st in ("overdue", "pending") and (nxt is None or c.ms[m][0] < nxt):
                nxt = c.ms[m][0]
        ta = f["total_amount"]
        obj = {
            "id": f["id"], "status": f["status"], "kind": f["kind"], "channel": f["channel"],
            "category": f["category"], "severity": f["severity"],
            "customer": {"name": f["customer_name"], "contact": f["customer_contact"],
                         "organization": f["customer_organization"], "order": f["customer_order"]},
            "summary": f["summary"], "description": f["description"], "demand": f["demand"],
            "ref": f["ref"], "received_at": local(f["received_at"]),
            "registered_by": f["registered_by"], "assignee": f["assignee"],
            "department": f["department"], "reopen_count": f["reopen_count"], "site": None,
            "cause": f["cause"], "substantiated": f["substantiated"], "possible_duplicate_of": None,
            "contacts": c.contacts, "findings": c.findings,
            "resolution": None if res is None else {
                "plan": res["plan"], "outcome": res["outcome"], "amount": res["amount"],
                "currency": "CNY", "responsible": res["responsible"], "at": local(res["at"]),
                "by": res["by"]},
            "approved_by": None, "approved_at": None, "proposal": None, "proposals": [],
            "total_amount": None if ta is None else "%d.%02d" % divmod(ta, 100),
            "revisits": c.revisits, "rejection": c.rejection, "withdrawal": c.withdrawal,
            "hold": None if c.hold is None else {
                "reason": c.hold["reason"], "note": c.hold["note"], "since": local(c.hold["since"]),
                "by": c.hold["by"], "from": c.hold["from"], "review_due": None},
            "held_minutes": f["held_seconds"] // 60, "edits": [], "evidence": [],
            "milestones": milestones, "next_deadline": local(nxt),
            "closed_at": local(f["closed_at"]), "anonymized_at": None,
            "events": [{"type": typ, "at": local(t), "recorded_at": local(rt), "actor": actor,
                        "details": d} for typ, t, rt, actor, d in c.events],
        }
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))

    def flat(self, c):
        f, res, ms = c.f, c.resolution, c.ms
        lim = c.limits
        row = [f["id"], f["day"], f["code"], f["serial"], f["status"], f["kind"], f["channel"],
               f["category"], f["severity"], f["customer_name"], f["customer_contact"],
               f["customer_organization"], f["customer_order"], f["summary"], f["description"],
               f["demand"], f["ref"], utc(f["received_at"]), f["registered_by"], f["assignee"],
               f["department"], f["reopen_count"], f["unreachable_count"]]
        if res is None:
            row += [None] * 7
        else:
            row += [res["plan"], res["outcome"], res["cents"], "CNY", res["responsible"],
                    utc(res["at"]), res["by"]]
        row += [utc(f["closed_at"]), f["last_revisit_result"], f["last_revisit_score"]]
        for m in ("assign", "investigate", "resolve", "revisit"):
            row += [utc(ms[m][0]), utc(ms[m][1])]
        row += [utc(f["last_event_at"]), f["cause"],
                None if f["substantiated"] is None else int(f["substantiated"]),
                f["held_from"], f["hold_reason"], f["held_seconds"],
                " ".join(c.holds) or None,
                c.rejection["reason"] if c.rejection else None,
                c.rejection["of"] if c.rejection else None,
                f["total_amount"]]
        for m in ("acknowledge", "hold"):
            row += [utc(ms[m][0]), utc(ms[m][1])]
        for m in ("acknowledge", "assign", "investigate", "resolve", "revisit", "hold"):
            row += [utc(ms[m][2]), lim.get(m) if ms[m][2] is not None and m != "hold" else None]
        out = ["C\t" + "\t".join("\\N" if v is None else str(v) for v in row)]
        for typ, t, rt, actor, d in c.events:
            out.append("E\t%s\t%s\t%s\t%s\t%s" % (typ, utc(t), utc(rt), actor,
                                                  json.dumps(d, ensure_ascii=False,
                                                             separators=(",", ":"))))
        return "\n".join(out)


# The columns of a C line of the flat form, in order (loader.c binds them).
FLAT_COLUMNS = [
    "id", "day", "code", "serial", "status", "kind", "channel", "category", "severity",
    "customer_name", "customer_contact", "customer_organization", "customer_order", "summary",
    "description", "demand", "ref", "received_at", "registered_by", "assignee", "department",
    "reopen_count", "unreachable_count", "resolution_plan", "resolution_outcome",
    "resolution_amount", "resolution_currency", "resolution_responsible", "resolution_at",
    "resolution_by", "closed_at", "last_revisit_result", "last_revisit_score",
    "assign_due", "assign_met_at", "investigate_due", "investigate_met_at", "resolve_due",
    "resolve_met_at", "revisit_due", "revisit_met_at", "last_event_at", "cause", "substantiated",
    "held_from", "hold_reason", "held_seconds", "holds", "rejection_reason", "rejection_of",
    "total_amount", "acknowledge_due", "acknowledge_met_at", "hold_due", "hold_met_at",
    "acknowledge_started_at", "acknowledge_limit", "assign_started_at", "assign_limit",
    "investigate_started_at", "investigate_limit", "resolve_started_at", "resolve_limit",
    "revisit_started_at", "revisit_limit", "hold_started_at", "hold_limit",
]

CSV_COLUMNS = ["received_at", "channel", "category", "customer_name", "summary", "kind", "severity",
               "customer_contact", "customer_organization", "customer_order", "demand",
               "description", "ref"]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("n", type=int)
    p.add_argument("--format", choices=("jsonl", "csv", "flat", "flat-register"), default="jsonl")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--now", default="2026-12-01T10:00:00+08:00")
    p.add_argument("--columns", action="store_true",
                   help="print the flat form's complaint columns, comma-separated, and exit")
    a = p.parse_args()
    if a.columns:
        print(",".join(FLAT_COLUMNS))
        return
    g = Generator(a.n, a.seed, parse_time(a.now))
    out = sys.stdout
    buf = []
    if a.format == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow(CSV_COLUMNS)
        for _ in range(a.n):
            f = g.complaint().f
            w.writerow([local(f["received_at"]) if k == "received_at" else
                        ("" if f[k] is None else f[k]) for k in CSV_COLUMNS])
        return
    emit = g.jsonl if a.format == "jsonl" else g.flat
    g.register_only = a.format == "flat-register"
    if a.format != "jsonl":
        out.write("H\t" + "\t".join(FLAT_COLUMNS) + "\n")
    for _ in range(a.n):
        buf.append(emit(g.complaint()))
        if len(buf) >= 2000:
            out.write("\n".join(buf))
            out.write("\n")
            buf.clear()
    if buf:
        out.write("\n".join(buf))
        out.write("\n")


if __name__ == "__main__":
    main()
