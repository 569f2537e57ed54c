#!/usr/bin/env python3
"""Pattern/text lines for rx_vs_go: random patterns from a grammar of the
constructs rtprof translates (classes, anchors, flags, folding, repeats) and
random strings of regexp tokens (for Go's errors), over texts with newlines,
case variants (K, KELVIN SIGN, long s), Greek and invalid UTF-8.
Usage: cases.py SEED COUNT"""
import random
import sys

ATOMS = ['a', 'b', '.', '\\d', '\\w', '\\W', '\\s', '[ab]', '[^a]', '(?i)a', 'x', '\\b',
         '\\B', '^', '$', '(?m)^', '(?m)$', '(?m)^$', '\\pL', '\\p{Greek}', '\\PL',
         '[[:digit:]]', '[[:^alpha:]]', '\\x61', '\\n', 'é', '\\Q.\\E', 'K', 'k', '(?i)k',
         '(?i)[k-s]', '(?i)[^k]', '(?s).', '[^\\n]', '\\x{212a}', '(?U)a*', 'a{1,3}', '\\z',
         '\\A', '[\\pL\\d]', '(?i)\\w', '(?i)[[:upper:]]', '\\x{fffd}', '[^\\x{fffd}]',
         '(?i)é', '(?i)σ', '[α-ω]', '(?i)[α-ω]', '(?i)ab']
TOKENS = list('ab()[]{}|*+?.^$\\-:,0123456789=!<>PpQEdDwWsSxzAbBCik-mU') + [
    '\\Q', '\\E', '(?', '[:', 'alpha', ':]', '\\p{', 'Greek', '}', '{2}', '{1000}',
    '{1001}', '{2,1}', '\\x{', 'é', '(?P<', '\\8', '\\1', '\\0']
TEXTS = [b'a', b'b', b'x', b'K', '\u212a'.encode(), b'.', b'1', b'\\n', b' ',
         'é'.encode(), 'Σσς'.encode(), 'β'.encode(), b'\xff', b'\xc3', b'\xed\xa0\x80',
         b'k', b's', 'ſ'.encode(), b'_', b'{', b'(', b'-']


def gen(d):
    r = random.random()
    if d > 3 or r < 0.3:
        return random.choice(ATOMS)
    if r < 0.5:
        return gen(d + 1) + gen(d + 1)
    if r < 0.6:
        return gen(d + 1) + '|' + gen(d + 1)
    if r < 0.7:
        return '(' + gen(d + 1) + ')'
    if r < 0.8:
        return '(?:' + gen(d + 1) + ')' + random.choice(['*', '+', '?', '*?', '{2}', '{0,3}', '{1,}'])
    return gen(d + 1) + random.choice(['*', '+', '?', '{2}', '{0}', '{1,2}?'])


def main():
    random.seed(int(sys.argv[1]))
    out = sys.stdout.buffer
    for i in range(int(sys.argv[2])):
        if i % 2:
            p = ''.join(random.choice(TOKENS) for _ in range(random.randint(1, 10)))
        else:
            p = gen(0)
        t = b''.join(random.choice(TEXTS) for _ in range(random.randint(0, 8)))
        out.write(p.encode() + b'\t' + t + b'\n')


main()
