# Writes the files of tests/bad (run once; the files are committed). usage: generate.py DIR
import os, sys
H = "version: 1\ngic: {version: 3, vcpus: 2}\n"
H2 = "version: 1\ngic: {version: 2, vcpus: 2}\n"
P = "trace:\n  - pulse: {intid: 40}\n"
W = "workload:\n  - {kind: periodic, intid: 40, period: 1000, count: 10}\n"
bad = {}
def b(name, text): bad[name] = text.encode() if isinstance(text, str) else text

# --- YAML bombs and aliases
lol = ['version: 1', 'gic: {version: 3, vcpus: 2}', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
prev = 'a'
for i in 'bcdefghi':
    lol.append(f'{i}: &{i} [' + ','.join(['*' + prev] * 9) + ']'); prev = i
b('bomb_billion_laughs.yaml', '\n'.join(lol + ['trace: [{pulse: {intid: 40}}]']) + '\n')
tl = ['version: 1', 'gic: {version: 3, vcpus: 2}', 'trace:', '  - &s0 {pulse: {intid: 40}}']
for i in range(1, 26):
    tl.append(f'  - &s{i} [' + ', '.join([f'*s{i-1}'] * 2) + ']')
b('bomb_trace_aliases.yaml', '\n'.join(tl) + '\n')
b('alias_unknown.yaml', H + "trace:\n  - *missing\n")
b('alias_recursive.yaml', H + "trace: &t\n  - pulse: {intid: 40}\n  - *t\n")
b('alias_error_at_use.yaml', H + "trace:\n  - &p {pulse: {intid: 400}}\n  - *p\n")
b('merge_key.yaml', H + "base: &b {kind: periodic, intid: 40, period: 100}\nworkload:\n  - <<: *b\n    count: 3\n")
b('anchor_alias_key.yaml', H + P + "? &k [1]\n: 2\n")
# --- tags
b('tag_str_vcpus.yaml', "version: 1\ngic: {version: 3, vcpus: !!str 2}\n" + P)
b('tag_float_version.yaml', "version: !!float 1\ngic: {version: 3, vcpus: 2}\n" + P)
b('tag_local.yaml', H + "seed: !mytag 3\n" + P)
b('tag_verbatim.yaml', H + "seed: !<tag:example.com,2000:seed> 3\n" + P)
b('tag_int_on_text.yaml', H + "seed: !!int three\n" + P)
b('tag_seq_on_map.yaml', H + "trace: !!seq {pulse: {intid: 40}}\n")
b('tag_binary.yaml', H + "description: !!binary aGVsbG8=\n" + P)
b('tag_bool_on_number.yaml', H + "trace:\n  - check: {intid: 40, pending: !!bool 1}\n")
b('tag_str_at.yaml', H + "trace:\n  - at: !!str 100\n    pulse: {intid: 40}\n")
b('tag_timestamp.yaml', H + "name: !!timestamp 2001-12-14\n" + P)
# --- nesting
b('deep_flow_lists.yaml', H + "x: " + "[" * 100000 + "\n")
b('deep_flow_maps.yaml', H + "x: " + "{a: " * 100000 + "\n")
b('deep_block_maps.yaml', H + "x:\n" + "".join(" " * (i + 1) + "a:\n" for i in range(70)) + " " * 71 + "1\n")
b('deep_through_alias.yaml', H + P + "x: &a " + "[" * 60 + "1" + "]" * 60 + "\ny: " + "[" * 10 + "*a" + "]" * 10 + "\n")
b('deep_in_trace.yaml', H + "trace:\n  - pulse: " + "[" * 80 + "\n")
# --- numbers
b('negative_vcpus.yaml', "version: 1\ngic: {version: 3, vcpus: -2}\n" + P)
b('huge_integer.yaml', H + "seed: 184467440737095516160\n" + P)
b('float_seed.yaml', H + "seed: 1.5\n" + P)
b('quoted_number.yaml', "version: \"1\"\ngic: {version: 3, vcpus: 2}\n" + P)
b('hex_overflow.yaml', H + "seed: 0x1_0000_0000_0000_0000\n" + P)
b('underscore_leading.yaml', H + "trace:\n  - at: _100\n    pulse: {intid: 40}\n")
b('octal_like.yaml', H + "seed: 0o17\n" + P)
b('version_2.yaml', "version: 2\ngic: {version: 3, vcpus: 2}\n" + P)
# --- overflow in every cycle field
b('cycles_at.yaml', H + "trace:\n  - at: 18446744073709551615\n    pulse: {intid: 40}\n")
b('cycles_at_limit_plus_one.yaml', H + "trace:\n  - at: 281474976710657\n    pulse: {intid: 40}\n")
b('cycles_until.yaml', H + P + "run: {until: 0xffff_ffff_ffff_ffff}\n")
b('cycles_start.yaml', H + "workload:\n  - {kind: periodic, intid: 40, period: 10, count: 3, start: 18446744073709551000}\n")
b('cycles_period.yaml', H + "workload:\n  - {kind: ipi, intid: 1, from: 0, to: 1, period: 18446744073709551615, count: 3}\n")
b('cycles_mean_gap.yaml', H + "workload:\n  - {kind: poisson, intid: 40, mean_gap: 1_000_000_000_000_000, count: 3}\n")
b('cycles_burst_period.yaml', H + "workload:\n  - {kind: burst, intid: [40, 47], period: 300000000000000, count: 3}\n")
b('cycles_handler.yaml', H + "guest: {handler: 18446744073709551615}\n" + P)
b('cycles_handlers.yaml', H + "guest: {handlers: {27: 18446744073709551615}}\n" + P)
b('cost_trap.yaml', H + "costs: {trap: 18446744073709551615}\n" + P)
b('cost_limit_plus_one.yaml', H + "costs: {preset: kvm-gicv3-vhe, lock: 4294967297}\n" + P)
b('cost_negative.yaml', H + "costs: {exit: -1}\n" + P)
b('period_zero.yaml', H + "workload:\n  - {kind: periodic, intid: 40, period: 0, count: 3}\n")
# --- wrong types in every section
b('type_root_list.yaml', "- version: 1\n- gic: {}\n")
b('type_gic_list.yaml', "version: 1\ngic: [3, 2]\n" + P)
b('type_costs_list.yaml', H + "costs: [trap, 100]\n" + P)
b('type_costs_value_map.yaml', H + "costs: {trap: {cycles: 5}}\n" + P)
b('type_guest_scalar.yaml', H + "guest: auto\n" + P)
b('type_trace_map.yaml', H + "trace: {pulse: {intid: 40}}\n")
b('type_step_scalar.yaml', H + "trace:\n  - pulse\n")
b('type_workload_map.yaml', H + "workload: {kind: periodic}\n")
b('type_expect_list.yaml', H + P + "expect: [acks]\n")
b('type_run_scalar.yaml', H + P + "run: 100\n")
b('type_name_map.yaml', H + "name: {a: 1}\n" + P)
b('type_bool_yes.yaml', H + "trace:\n  - check: {intid: 40, pending: yes}\n")
b('type_hw_mapped_scalar.yaml', "version: 1\ngic: {version: 3, vcpus: 2, hw_mapped: 27}\n" + P)
b('type_null_vcpus.yaml', "version: 1\ngic: {version: 3, vcpus: ~}\n" + P)
b('type_targets_map.yaml', H + "trace:\n  - sgi: {intid: 1, targets: {a: 1}}\n    vcpu: 0\n")
# --- INTIDs 1020-1023 and friends
for i in (1020, 1021, 1022, 1023):
    b(f'intid_{i}_line.yaml', H + f"trace:\n  - line: {{intid: {i}, level: 1}}\n")
b('intid_1023_workload.yaml', H + "workload:\n  - {kind: periodic, intid: [40, 1023], period: 10, count: 3}\n")
b('intid_1022_check.yaml', H + "trace:\n  - check: {intid: 1022, pending: true}\n")
b('intid_1021_hw_mapped.yaml', "version: 1\ngic: {version: 3, vcpus: 2, hw_mapped: [1021]}\n" + P)
b('intid_sgi_line.yaml', H + "trace:\n  - pulse: {intid: 3}\n")
# --- encodings, NUL, BOM, CRLF
b('nul_byte.yaml', (H + "trace:\n  - pulse: {intid: 4").encode() + b"\x000}\n")
b('invalid_utf8.yaml', (H + "name: caf").encode() + b"\xc3\x28\n" + P.encode())
b('invalid_utf8_line5.yaml', (H + P + "description: ").encode() + b"\xff\xfe\n")
b('overlong_utf8.yaml', (H + "name: ").encode() + b"\xc0\xaf\n" + P.encode())
b('utf16le_no_bom.yaml', (H + P).encode('utf-16-le'))
b('utf16_bad_surrogate.yaml', b'\xff\xfe' + (H + "name: x").encode('utf-16-le') + b'\x00\xdc' + "\n".encode('utf-16-le') + P.encode('utf-16-le'))
b('control_char.yaml', (H + "name: a").encode() + b"\x07b\n" + P.encode())
b('bom_crlf_error.yaml', b'\xef\xbb\xbf' + (H + "trace:\n  - pulse: {intid: 4000}\n").replace("\n", "\r\n").encode())
b('crlf_error_line4.yaml', (H + "trace:\n  - pulse: {intid: 4000}\n").replace("\n", "\r\n").encode())
b('bom_twice.yaml', b'\xef\xbb\xbf' + H.encode() + b'\xef\xbb\xbf' + P.encode())
b('empty_file.yaml', b'')
b('only_comments.yaml', b'# nothing here\n# at all\n')
b('two_documents.yaml', H + P + "---\n" + H + P)
b('tab_indent.yaml', H + "trace:\n\t- pulse: {intid: 40}\n")
# --- keys
b('duplicate_key.yaml', H + P + "seed: 1\nseed: 2\n")
b('unknown_key_deep.yaml', H + "trace:\n  - write: {reg: GICD_CTLR, value: 1, vlaue: 2}\n    vcpu: 0\n")
b('long_key.yaml', H + P + "k" * 2000 + ": 1\n")
b('nothing_to_simulate.yaml', H)

b('utf32_bom.yaml', b'\xff\xfe\x00\x00' + (H + P).encode('utf-32-le'))
b('vcpus_513.yaml', "version: 1\ngic: {version: 3, vcpus: 513}\n" + P)
b('gicv2_9_vcpus.yaml', "version: 1\ngic: {version: 2, vcpus: 9}\n" + P)
b('spis_33.yaml', "version: 1\ngic: {version: 3, vcpus: 2, spis: 33}\n" + P)
b('bad_escape.yaml', H + 'name: "a\\qb"\n' + P)
b('unterminated_quote.yaml', H + 'name: "abc\n' + P)
b('unclosed_flow.yaml', H + "trace: [{pulse: {intid: 40}}\n")
b('register_v3_on_v2.yaml', H2 + "trace:\n  - write: {reg: GICD_IROUTER40, value: 1}\n    vcpu: 0\n")
b('value_too_wide.yaml', H + "trace:\n  - write: {reg: GICD_CTLR, width: 8, value: 0x100}\n    vcpu: 0\n")
b('unbounded_generator.yaml', H + "workload:\n  - {kind: periodic, intid: 40, period: 100}\n")
b('burst_size_huge.yaml', H + "workload:\n  - {kind: burst, intid: 40, period: 100, count: 1, size: 4294967296}\n")
# --- issue 19: an escaped NUL must not cut a string short (each is an error located at
# the string), in every kind of string the format has; values echoed escaped; one way to
# write a release and a hexadecimal number
b('nul_key.yaml', H + P + '"seed\\0typo": 5\n')
b('nul_register.yaml', H + 'trace:\n  - write: {reg: "GICD_CTLR\\0junk", value: 1}\n    vcpu: 0\n')
b('nul_int_tag.yaml', H + P + 'seed: !!int "5\\0garbage"\n')
b('nul_kind.yaml', H + 'workload:\n  - {kind: "periodic\\x00", intid: 40, period: 10, count: 3}\n')
b('nul_preset.yaml', H + 'costs: {preset: "kvm-gicv3-vhe\\u0000x"}\n' + P)
b('nul_kvm.yaml', H + 'hypervisor: {kvm: "6.19\\0"}\n' + P)
b('nul_frame.yaml', H + 'trace:\n  - write: {frame: "GICD\\0", offset: 0, value: 1}\n    vcpu: 0\n')
b('nul_cpu_register.yaml', H + 'trace:\n  - cpu: {read: "IAR\\U00000000"}\n    vcpu: 0\n')
b('nul_targets.yaml', H + 'trace:\n  - sgi: {intid: 1, targets: ["1\\0"]}\n    vcpu: 0\n')
b('nul_bool.yaml', H + 'trace:\n  - check: {intid: 40, pending: !!bool "true\\0"}\n')
b('nul_name.yaml', H + 'name: "a\\0b"\n' + P)
b('newline_in_key.yaml', H + P + '"x\\nnewline_in_key.yaml:1:1: error: forged": 1\n')
b('ansi_in_register.yaml', H + 'trace:\n  - write: {reg: "\\e[31mGICD_CTRL\\e[0m", value: 1}\n    vcpu: 0\n')
b('bidi_in_key.yaml', H + P + '"seed\\u202e": 1\n')
b('kvm_leading_zero_major.yaml', H + 'hypervisor: {kvm: "06.10"}\n' + P)
b('kvm_leading_zero_minor.yaml', H + 'hypervisor: {kvm: 6.010}\n' + P)
b('hex_upper_x.yaml', H + P + 'seed: 0X1F\n')
# libyaml counts U+2028 (and U+2029, U+0085) as a line break, as YAML 1.1 says; an error
# after one is located on libyaml's line, one below what most editors show
# (docs/scenario-format.md, "Encodings").
b('u2028_line_count.yaml', H + 'description: "a\u2028b"\n' + P + 'seed: -1\n')
for name, data in bad.items():
    open(os.path.join(sys.argv[1], name), 'wb').write(data)
print(len(bad))
