// Long answers for tests, built from varied words: a phrase repeated to fill a post is refused as garbage now.
const WORDS = (
  'la oficina publica cada contrato en un portal abierto donde la ciudadanía revisa precios plazos y proveedores ' +
  'mientras los auditores comparan ofertas detectan riesgos y proponen mejoras sostenibles al procedimiento durante ' +
  'varios años con apoyo de universidades periodistas y organizaciones que siguen los resultados medidos'
).split(' ');

/** Spanish-looking text of at least `chars` characters, never the same few words over and over. */
export function prose(chars: number, seed = 7): string {
  let x = seed;
  const out: string[] = [];
  let length = 0;
  for (let i = 0; length < chars; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    let word = WORDS[x % WORDS.length]!;
    if (i % 12 === 0) word = word[0]!.toUpperCase() + word.slice(1);
    if (i % 12 === 11) word += '.';
    out.push(word);
    length += word.length + 1;
  }
  return `${out.join(' ')}.`;
}
