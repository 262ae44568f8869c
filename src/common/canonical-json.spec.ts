import { canonicalJson, CanonicalJsonError } from './canonical-json';

/** IEEE 754 double from its 16 hex digit bit pattern, as RFC 8785 Appendix B lists them. */
function double(bits: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${bits}`));
  return view.getFloat64(0);
}

describe('canonicalJson', () => {
  it('serialises the RFC 8785 §3.2.2 example exactly', () => {
    const input = JSON.parse(
      String.raw`{
        "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
        "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
        "literals": [null, true, false]
      }`,
    ) as unknown;

    expect(canonicalJson(input)).toBe(
      String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
    );
  });

  it('sorts keys by UTF-16 code units, including non-ASCII and astral keys (RFC 8785 §3.2.3)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };

    const output = canonicalJson(input);

    expect(JSON.parse(output)).toEqual(input);
    const keyOrder = [...output.matchAll(/"([^"]*)":/g)].map((m) => m[1]);
    expect(keyOrder).toEqual(['\\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
    expect(output).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis",' +
        '"€":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('orders an astral key (surrogate pair) before U+FB33, as code-point order would not', () => {
    // U+1F600 is D83D DE00 in UTF-16; code-point order would put it after U+FB33.
    expect(canonicalJson({ '\ufb33': 1, '\u{1f600}': 2 })).toBe('{"\u{1f600}":2,"\ufb33":1}');
  });

  it('sorts nested objects, keeps array order and writes no whitespace', () => {
    expect(canonicalJson({ b: [3, { z: 1, a: [] }, 'x'], a: { d: null, c: {} } })).toBe(
      '{"a":{"c":{},"d":null},"b":[3,{"a":[],"z":1},"x"]}',
    );
  });

  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('serialises the double %s as %s (RFC 8785 Appendix B)', (bits, expected) => {
    expect(canonicalJson(double(bits))).toBe(expected);
    expect(canonicalJson([double(bits)])).toBe(`[${expected}]`);
  });

  it('writes -0 as 0 and 1e21 as 1e+21', () => {
    expect(canonicalJson({ a: -0, b: 1e21, c: 1e20 })).toBe(
      '{"a":0,"b":1e+21,"c":100000000000000000000}',
    );
  });

  it.each([NaN, Infinity, -Infinity, double('7ff0000000000000'), double('7fffffffffffffff')])(
    'rejects the non-finite number %p',
    (n) => {
      expect(() => canonicalJson({ a: [n] })).toThrow(CanonicalJsonError);
      expect(() => canonicalJson({ a: [n] })).toThrow('$.a[0]');
    },
  );

  it('escapes strings as JSON.stringify does', () => {
    const text = 'tab\there "quote" back\\slash \u0000\u001f\u007f\u2028 å ä ö /';
    expect(canonicalJson(text)).toBe(JSON.stringify(text));
    expect(canonicalJson(text)).toBe(
      '"tab\\there \\"quote\\" back\\\\slash \\u0000\\u001f\u007f\u2028 å ä ö /"',
    );
  });

  it('omits undefined members of objects', () => {
    expect(canonicalJson({ b: undefined, a: 1, c: { d: undefined } })).toBe('{"a":1,"c":{}}');
  });

  it('rejects undefined in arrays and at the top level', () => {
    expect(() => canonicalJson([1, undefined])).toThrow(
      new CanonicalJsonError('$[1]', 'undefined is not a JSON value'),
    );
    expect(() => canonicalJson(undefined)).toThrow(CanonicalJsonError);
    // A sparse array's hole is undefined too.
    // eslint-disable-next-line no-sparse-arrays
    expect(() => canonicalJson([1, , 3])).toThrow(CanonicalJsonError);
  });

  it('rejects Date, pointing at the member', () => {
    expect(() => canonicalJson({ at: new Date(0) })).toThrow(/\$\.at: Date is not a JSON value/);
  });

  it('rejects values JSON cannot represent exactly', () => {
    expect(() => canonicalJson({ a: 1n })).toThrow(/bigint/);
    expect(() => canonicalJson({ a: () => 1 })).toThrow(/function/);
    expect(() => canonicalJson({ a: Symbol('s') })).toThrow(/symbol/);
    expect(() => canonicalJson({ a: new Map([['k', 1]]) })).toThrow(/Map is not a plain object/);
    // toJSON is not consulted: it is just a function-valued member.
    expect(() => canonicalJson({ a: { toJSON: () => 'x' } })).toThrow(/\$\.a\.toJSON: function/);
    expect(canonicalJson({ a: { toJSON: undefined, b: 1 } })).toBe('{"a":{"b":1}}');
  });

  it('accepts objects without a prototype', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.y = 2;
    bare.x = 1;
    expect(canonicalJson(bare)).toBe('{"x":1,"y":2}');
  });

  it('rejects cycles but accepts the same object twice side by side', () => {
    const shared = { k: 1 };
    expect(canonicalJson({ a: shared, b: [shared] })).toBe('{"a":{"k":1},"b":[{"k":1}]}');
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { again: cyclic };
    expect(() => canonicalJson(cyclic)).toThrow(/\$\.self\.again: circular reference/);
  });

  it('rejects lone surrogates but accepts surrogate pairs', () => {
    expect(() => canonicalJson({ a: 'x\ud800y' })).toThrow(/lone surrogate/);
    expect(() => canonicalJson({ a: '\udc00' })).toThrow(/lone surrogate/);
    expect(() => canonicalJson({ '\ud83d': 1 })).toThrow(/lone surrogate/);
    expect(canonicalJson('\ud83d\ude00')).toBe('"😀"');
  });

  it('is independent of insertion order', () => {
    expect(canonicalJson({ a: 1, b: { c: 2, d: 3 } })).toBe(
      canonicalJson({ b: { d: 3, c: 2 }, a: 1 }),
    );
  });
});
