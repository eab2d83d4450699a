import assert from 'node:assert/strict';
import { sniff } from '../../bot/import/sniff.js';
import { cfbFile, sampleDocx } from './files.js';

/* The bytes decide, whatever the file is called: each of these would arrive named "practica.docx". */

describe('import: what the bytes say a file is', () => {
  it('a .docx is a ZIP (checked further by zipCheck)', async () => {
    assert.equal(sniff(await sampleDocx()), 'zip');
  });

  it('a Word 97-2003 .doc is a compound file without encryption streams', () => {
    assert.equal(sniff(cfbFile(['Root Entry', 'WordDocument', '1Table', 'SummaryInformation'])), 'legacyDoc');
  });

  it('a password-protected .docx is a compound file with EncryptionInfo and EncryptedPackage', () => {
    assert.equal(sniff(cfbFile(['Root Entry', 'EncryptionInfo', 'EncryptedPackage'])), 'encrypted');
    assert.equal(sniff(cfbFile(['Root Entry', 'EncryptedPackage'])), 'encrypted');
  });

  it('a PDF, renamed or not', () => {
    assert.equal(sniff(new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj')), 'pdf');
  });

  it('an HTML sharing page, with or without a byte order mark, leading blank lines, any case', () => {
    const pages = [
      '<!DOCTYPE html><html lang="es"><head><title>OneDrive</title>',
      '\uFEFF\r\n\r\n  <!doctype HTML>\n<html>',
      '<html xmlns="http://www.w3.org/1999/xhtml"><head>',
      '\n<head><meta charset="utf-8">',
    ];
    for (const page of pages) assert.equal(sniff(new TextEncoder().encode(page)), 'sharingPage', page);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<!DOCTYPE html>', 'utf16le')]);
    assert.equal(sniff(utf16), 'sharingPage');
  });

  it('anything else is not a .docx, and no bytes are nothing', () => {
    assert.equal(sniff(new TextEncoder().encode('Título: Datos abiertos\nInstitución: ANTAI')), 'notDocx');
    assert.equal(sniff(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'notDocx');
    assert.equal(sniff(new Uint8Array([0x50, 0x4b])), 'notDocx');
    assert.equal(sniff(new Uint8Array(0)), 'empty');
  });
});
