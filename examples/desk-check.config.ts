// The policy of the desk-check example: a news site's English- and Russian-language photo desk.
import { defineConfig, type Rule } from 'photodesk';

/** A house rule of our own: file photos must say when they were taken. */
const filePhotoDated: Rule = {
  id: 'house-file-photo-dated',
  severity: 'warning',
  description: 'A "FILE PHOTO" caption says when the photo was taken (a year).',
  check: ({ metadata }) =>
    metadata.caption && /^file photo/i.test(metadata.caption) && !/\b(19|20)\d{2}\b/.test(metadata.caption)
      ? { field: 'caption', message: 'A file photo: add the year it was taken to the caption', value: metadata.caption }
      : null,
};

export default defineConfig({
  site: 'Sputnik Africa',
  legacyCharset: 'windows-1251',
  rules: {
    required: ['credit', 'caption'],
    severity: { 'credit-unknown-agency': 'error' },
    credit: {
      template: '© Photo {agency}',
      agencies: [
        { name: 'Russian Defence Ministry', aliases: ['Russian Defense Ministry', 'Минобороны России', 'Russian MoD'], suffix: ' / Go to the mediabank', kind: 'handout' },
        { name: 'Sputnik', aliases: ['Спутник', 'RIA Novosti', 'РИА Новости'], template: '© Sputnik / {creator}', kind: 'staff' },
        { name: 'Reuters', aliases: ['Thomson Reuters'], kind: 'agency' },
        { name: 'AFP', aliases: ['Agence France-Presse'], kind: 'agency' },
        { name: 'Getty Images', aliases: ['Getty'], kind: 'stock' },
      ],
    },
    caption: { minLength: 30, maxLength: 1500 },
    minSize: { shortSide: 800 },
    altText: { template: '{caption} - {site}, {date:DD.MM.YYYY}' },
    custom: [filePhotoDated],
  },
});
