#!/usr/bin/env python3
"""Builds server/core/src/test/resources/pii/corpus.txt: chat-like lines with labelled PII ([[ENTITY:text]]) and
tricky negatives (order numbers, dates, versions, times, prices). Deterministic (fixed seed); rerun to regenerate."""
import random

random.seed(20261130)

def luhn_complete(prefix, length):
    digits = [int(c) for c in prefix]
    while len(digits) < length - 1:
        digits.append(random.randint(0, 9))
    for check in range(10):
        total = 0
        for i, d in enumerate(reversed(digits + [check])):
            if i % 2 == 1:
                d *= 2
                d = d - 9 if d > 9 else d
            total += d
        if total % 10 == 0:
            return ''.join(map(str, digits + [check]))

def luhn_broken(number):
    last = int(number[-1])
    return number[:-1] + str((last + 3) % 10)

def group(number, sep, sizes):
    out, i = [], 0
    for s in sizes:
        out.append(number[i:i + s]); i += s
    return sep.join(out)

def card():
    brand = random.choice(['visa', 'mc', 'amex', 'disc'])
    if brand == 'visa':
        n = luhn_complete('4', 16); sizes = [4, 4, 4, 4]
    elif brand == 'mc':
        n = luhn_complete(str(random.randint(51, 55)), 16); sizes = [4, 4, 4, 4]
    elif brand == 'amex':
        n = luhn_complete(random.choice(['34', '37']), 15); sizes = [4, 6, 5]
    else:
        n = luhn_complete('6011', 16); sizes = [4, 4, 4, 4]
    return group(n, random.choice([' ', '-', '']), sizes)

def iban(country, length):
    body = ''.join(str(random.randint(0, 9)) for _ in range(length - 4))
    numeric = ''.join(str(int(c, 36)) for c in body + country + '00')
    check = 98 - int(numeric) % 97
    value = f'{country}{check:02d}{body}'
    return ' '.join(value[i:i + 4] for i in range(0, len(value), 4)) if random.random() < 0.5 else value

def ssn():
    while True:
        area = random.randint(1, 899)
        if area != 666:
            break
    return f'{area:03d}-{random.randint(1, 99):02d}-{random.randint(1, 9999):04d}'

def phone():
    area = random.choice(['212', '415', '312', '617', '206', '512', '303'])
    line = f'{random.randint(200, 999)}{random.randint(0, 9999):04d}'
    return random.choice([f'({area}) {line[:3]}-{line[3:]}', f'{area}-{line[:3]}-{line[3:]}',
                          f'+1 {area} {line[:3]} {line[3:]}', f'+44 20 7946 {random.randint(0, 999):04d}',
                          f'+49 30 {random.randint(10000000, 99999999)}'])

NAMES = ['ada', 'bob', 'chen', 'dana', 'eli', 'fatima', 'gus', 'hana', 'ivan', 'jo']
DOMAINS = ['example.com', 'mail.example.org', 'corp.example.net', 'uni.example.edu']

def email():
    return f'{random.choice(NAMES)}{random.choice(["", ".", "_"])}{random.choice(NAMES)}{random.randint(1, 99)}@{random.choice(DOMAINS)}'

def ip():
    if random.random() < 0.75:
        return '.'.join(str(random.randint(1, 254)) for _ in range(4))
    return random.choice(['2001:db8::1', 'fe80::1ff:fe23:4567:890a', '2001:0db8:85a3:0000:0000:8a2e:0370:7334'])

def url():
    return random.choice(['https://', 'http://', 'www.']) + random.choice(['example.com', 'shop.example.org', 'docs.example.net']) + random.choice(['', '/orders/42', '/a?b=c', '/path/to/page'])

POSITIVE = [
    ('EMAIL', email, ['you can reach me at {v}', 'my email is {v} thanks', 'send it to {v}.', 'cc {v} on the thread']),
    ('PHONE', phone, ['call me on {v} after 5', 'my number is {v}', 'text {v} if late', 'reach the office at {v}.']),
    ('CREDIT_CARD', card, ['charge my card {v} please', 'card number {v} exp 04/29', 'use {v} for the booking', 'the card is {v}.']),
    ('IBAN', lambda: iban(*random.choice([('DE', 22), ('FR', 27), ('GB', 22), ('NL', 18), ('ES', 24)])), ['wire it to {v}', 'my IBAN: {v}', 'refund to account {v} please']),
    ('US_SSN', ssn, ['my ssn is {v}', 'SSN {v} for the form', 'social security number: {v}']),
    ('IP_ADDRESS', ip, ['the server at {v} is down', 'login from {v} looked odd', 'whitelist {v} please']),
    ('URL', url, ['see {v} for details', 'the link is {v}', 'I found it on {v} yesterday']),
]

NEGATIVES = [
    lambda: f'order #{luhn_broken(luhn_complete("4", 16))} shipped today',
    lambda: f'order number {random.randint(10**15, 10**16 - 1)} is confirmed',
    lambda: f'tracking code 1Z{random.randint(10**15, 10**16 - 1)}',
    lambda: f'the meeting is on {random.randint(2020, 2030)}-{random.randint(1, 12):02d}-{random.randint(1, 28):02d}',
    lambda: f'see you on {random.randint(1, 12):02d}/{random.randint(1, 28):02d}/{random.randint(2020, 2030)} at 10:30',
    lambda: f'upgrade to version {random.randint(1, 9)}.{random.randint(0, 20)}.{random.randint(0, 99)}',
    lambda: f'it costs ${random.randint(1, 999)}.{random.randint(0, 99):02d} per month',
    lambda: f'the timer read 12:{random.randint(10, 59)}:{random.randint(10, 59)} when it stopped',
    lambda: f'invoice {random.randint(100, 999)}-{random.randint(10, 99)}-{random.randint(1000, 9999)}-A was paid',
    lambda: f'ssn placeholder 000-{random.randint(10, 99)}-{random.randint(1000, 9999)} is not valid',
    lambda: f'area 9{random.randint(10, 99)}-{random.randint(10, 99)}-{random.randint(1000, 9999)} is reserved',
    lambda: f'ticket {random.randint(100000, 999999)} was closed',
    lambda: f'room {random.randint(100, 999)}, floor {random.randint(1, 30)}',
    lambda: 'email me at the usual address',
    lambda: f'the ratio was 3.14159 and {random.randint(1, 99)}%',
    lambda: f'ref DE{random.randint(10, 99)} is an internal code',
    lambda: f'version 10.0.0.{random.randint(300, 999)} of the tool',
    lambda: f'call extension {random.randint(100, 999)}',
    lambda: f'the sku is AB-{random.randint(1000, 9999)}-{random.randint(10, 99)}',
    lambda: f'we shipped {random.randint(1000, 99999)} units in Q{random.randint(1, 4)}',
]

lines = []
for entity, make, templates in POSITIVE:
    for _ in range(40):
        value = make()
        lines.append(random.choice(templates).replace('{v}', f'[[{entity}:{value}]]'))
for _ in range(40):
    (e1, m1, _t1), (e2, m2, _t2) = random.sample(POSITIVE, 2)
    lines.append(f'contact [[{e1}:{m1()}]] or [[{e2}:{m2()}]] today')
for make in NEGATIVES:
    for _ in range(8):
        lines.append(make())
random.shuffle(lines)
with open('server/core/src/test/resources/pii/corpus.txt', 'w') as f:
    f.write('# Labelled PII corpus, built by bench/pii/make_corpus.py: [[ENTITY:text]] marks what must be found;\n')
    f.write('# everything else must not be. Lines without marks are tricky negatives.\n')
    for line in lines:
        f.write(line + '\n')
print(len(lines), 'lines')

# Handwritten hard cases, appended as they are (some defeat the recognizers: the figures should show it).
HARD = '''my old card [[CREDIT_CARD:4111 1111 1111 1111]] expired
the example IBAN [[IBAN:GB82 WEST 1234 5698 7654 32]] from the bank's docs
mailto:[[EMAIL:ada.lovelace@example.com]]
ip 256.1.1.1 is not an address
call 555-0100 from the lobby
ISBN 978-3-16-148410-0 on the back cover
the Woolworth sample ssn 078-05-1120 should be ignored
build 2.4.1.9 released on friday
write to [[EMAIL:first.last+tag@sub.example.co.uk]], not to first.last@
[[URL:https://example.com/reset?token=abc]] is the reset link
amex [[CREDIT_CARD:3782 822463 10005]] is on file
her number is [[PHONE:+33 1 42 68 53 00]] in Paris
the gateway is [[IP_ADDRESS:192.168.1.1]], the mask 255.255.255.0
order 4111111111111112 failed the check
code 12345678901234 is a voucher
my phone: [[PHONE:(650) 253-0000]]
fax +1 000 000 0000 is a dummy
account NL00 ABCD 0123 4567 89 looks like an iban but is not
time 23:59:59 and date 2024-02-30
ssn [[US_SSN:536-90-4399]] on the tax form
'''.strip().split('\n')
with open('server/core/src/test/resources/pii/corpus.txt', 'a') as f:
    for line in HARD:
        f.write(line + '\n')
print(len(HARD), 'hard lines appended')
