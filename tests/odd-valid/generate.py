# Writes the files of tests/odd-valid (run once; the files are committed). usage: generate.py DIR
import os, sys
H = "version: 1\ngic: {version: 3, vcpus: 2}\n"
P = "trace:\n  - pulse: {intid: 40}\n"
odd = {}
def o(name, text): odd[name] = text.encode() if isinstance(text, str) else text
o('bom_utf8.yaml', b'\xef\xbb\xbf' + (H + P).encode())
o('crlf.yaml', (H + P).replace('\n', '\r\n').encode())
o('bom_crlf.yaml', b'\xef\xbb\xbf' + (H + P).replace('\n', '\r\n').encode())
o('cr_only_last_line.yaml', (H + P).encode()[:-1])  # no final line break
o('utf16le_bom.yaml', b'\xff\xfe' + (H + P).encode('utf-16-le'))
o('utf16be_bom.yaml', b'\xfe\xff' + (H + P).encode('utf-16-be'))
o('utf8_text.yaml', H + "name: Gérard's ☃ scenario\ndescription: \"日本語 — ünïcödé\"\n" + P)
o('anchors_aliases.yaml', H + "trace:\n  - &raise {line: {intid: &spi 40, level: 1}}\n  - *raise\n  - {pulse: {intid: *spi}}\n  - &rd\n    read: {reg: GICD_ISPENDR1, expect: 0x100, mask: 0x100}\n    vcpu: 1\n  - *rd\n")
o('alias_whole_workload.yaml', H + "workload: &w\n  - {kind: periodic, intid: 40, period: 1000, count: 3}\ntrace:\n  - pulse: {intid: 41}\n")
o('tags_accepted.yaml', "version: !!int 1\ngic: !!map {version: !!int 3, vcpus: !!int \"2\"}\nname: !!str 12345\ntrace: !!seq\n  - check: {intid: 40, pending: !!bool false}\n  - pulse: {intid: 40}\n")
o('document_markers.yaml', "%YAML 1.1\n---\n" + H + P + "...\n")
o('comments_everywhere.yaml', "# head\nversion: 1 # one\ngic: # machine\n  version: 3 # v3\n  vcpus: 2\n# between\ntrace: # steps\n  # a comment in the list\n  - pulse: {intid: 40} # edge\n# tail\n")
o('flow_everything.yaml', "{version: 1, gic: {version: 3, vcpus: 2}, trace: [{pulse: {intid: 40}}, {at: 10, line: {intid: 41, level: 1}}]}\n")
o('block_scalars.yaml', H + "description: |\n  Several lines\n    kept as written.\n  - not a list item\nname: >-\n  folded\n  name\n" + P)
o('numbers_odd.yaml', "version: 0x1\ngic: {version: 0x3, vcpus: 0_2, spis: 0x40}\nseed: 0xffff_ffff_ffff_ffff\ntrace:\n  - at: 1_000_000\n    pulse: {intid: 0x28}\n")
o('limits_cycles.yaml', H + "costs: {preset: kvm-gicv3-vhe, trap: 4294967296, exit: 0}\nguest: {handler: 281474976710656, handlers: {40: 0x1_0000_0000_0000}}\nrun: {until: 281474976710656}\ntrace:\n  - at: 281474976710656\n    pulse: {intid: 40}\nworkload:\n  - {kind: periodic, intid: 41, start: 281474976710656, period: 281474976710656, count: 3}\n  - {kind: poisson, intid: 42, mean_gap: 281474976710656, count: 3}\n")
o('quoted_keys.yaml', "\"version\": 1\n'gic': {\"version\": 3, 'vcpus': 2}\n" + P)
o('empty_lists_one_side.yaml', H + "workload: []\n" + P)
o('long_lines.yaml', H + "description: " + "x" * 100000 + "\n" + P)
o('expect_flow.yaml', H + P + "expect: {acks: [{intid: 40, count: 1}]}\n")
o('key_order_trace_first.yaml', "trace:\n  - pulse: {intid: 40}\n  - {at: 5, line: {intid: 41, level: 1}}\ngic: {version: 3, vcpus: 2}\nversion: 1\n")
o('bool_forms.yaml', H + "trace:\n  - check: {intid: 40, pending: False, active: FALSE, enabled: True}\n  - check: {intid: 41, pending: TRUE}\n")
o('null_forms_ignored_keys.yaml', H + "trace:\n  - pulse: {intid: 40}\n    at: 0\n")
o('explicit_keys.yaml', "? version\n: 1\n? gic\n: {version: 3, vcpus: 2}\n" + P)
o('tabs_in_flow.yaml', H + "trace: [\t{pulse:\t{intid:\t40}}\t]\n")
o('trailing_spaces_blank_lines.yaml', "\n\n" + H.replace("\n", "   \n") + "\n\n" + P + "\n\n\n")
for name, data in odd.items():
    open(os.path.join(sys.argv[1], name), 'wb').write(data)
print(len(odd))
