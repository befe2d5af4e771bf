import type { Language } from '../nlp/intents';

/** Order statuses as people say them. */
type StatusWords = Record<string, string>;

export interface Texts {
  greet(business: string): string;
  welcome: string;
  notUnderstood: string;
  handedOff(business: string, wait: string): string;
  handedOffClosed(business: string, next: string): string;
  minutes(n: number): string;
  fewMinutes: string;
  openNow(hours: string): string;
  closedNow(next: string, hours: string): string;
  noHours: string;
  alwaysOpen: string;
  catalog(business: string): string;
  productsFound: string;
  noProducts: string;
  noOrders: string;
  orderNotFound(ref: string): string;
  orderStatus(ref: string, total: string, status: string, since: string): string;
  status: StatusWords;
  whichOrder: string;
  ordersButton: string;
  confirmCancel(ref: string, total: string): string;
  yesCancel: string;
  noKeep: string;
  canceled(ref: string): string;
  cannotCancel(ref: string, status: string): string;
  kept: string;
  refundRequested(ref: string, business: string): string;
  refundAlreadyRequested(ref: string): string;
  noRefundableOrder: string;
  refunded(amount: string, ref: string, date: string): string;
  refundOpen(ref: string): string;
  noRefunds: string;
  paymentFailed(amount: string, date: string, reason: string): string;
  noFailedPayments: string;
  found: string;
  paymentLine(amount: string, to: string, date: string, status: string, ref: string): string;
  transferOut(amount: string, who: string, date: string, status: string, ref: string): string;
  transferIn(amount: string, who: string, date: string, status: string, ref: string): string;
  noTransactions: string;
  pinResetSent(tail: string): string;
  pinElsewhere: string;
  tryLater: string;
  signInHelp: string;
  buttons: { orders: string; catalog: string; person: string };
}

const en: Texts = {
  greet: (b) => `Hi! I'm the ${b} assistant. Ask me about your orders, refunds and payments, or our catalog and opening hours.`,
  welcome: "You're welcome! Anything else I can help with?",
  notUnderstood: "Sorry, I didn't get that. You can ask about your orders, refunds or payments, or talk to a person.",
  handedOff: (b, w) => `I'm passing you to a person from ${b}. Expected wait: ${w}. They'll answer right here.`,
  handedOffClosed: (b, n) => `I'm passing you to a person from ${b}. The team is back ${n}; you keep your place in the queue.`,
  minutes: (n) => `about ${n} minute${n === 1 ? '' : 's'}`,
  fewMinutes: 'a few minutes',
  openNow: (h) => `We're open now. Opening hours: ${h}.`,
  closedNow: (n, h) => `We're closed right now and open again ${n}. Opening hours: ${h}.`,
  noHours: "This business hasn't published opening hours.",
  alwaysOpen: 'I answer around the clock; our team replies as soon as they can.',
  catalog: (b) => `Here is the ${b} catalog.`,
  productsFound: "Here's what I found.",
  noProducts: "I couldn't find that in the catalog. Here is everything we sell.",
  noOrders: "I can't find any orders on your account here.",
  orderNotFound: (r) => `I can't find order ${r} on your account.`,
  orderStatus: (r, t, s, d) => `Order ${r} (${t}) is ${s}, since ${d}.`,
  status: {
    pending: 'being prepared',
    awaiting_payment: 'waiting for your payment',
    paid: 'paid',
    processing: 'being processed',
    shipped: 'shipped',
    completed: 'completed',
    canceled: 'canceled',
    refunded: 'refunded',
    partially_refunded: 'partly refunded',
  },
  whichOrder: 'Which order do you mean?',
  ordersButton: 'Your orders',
  confirmCancel: (r, t) => `Cancel order ${r} (${t})?`,
  yesCancel: 'Yes, cancel it',
  noKeep: 'No, keep it',
  canceled: (r) => `Order ${r} is canceled. Nothing was charged.`,
  cannotCancel: (r, s) => `Order ${r} is ${s} and can no longer be canceled; you can ask for a refund instead.`,
  kept: 'OK, your order stays as it is.',
  refundRequested: (r, b) => `I've asked ${b} to refund order ${r}. They'll answer you here.`,
  refundAlreadyRequested: (r) => `Your refund request for order ${r} is already with the shop.`,
  noRefundableOrder: "I can't find a paid order of yours that could be refunded.",
  refunded: (a, r, d) => `${a} was refunded for ${r} on ${d}. A card refund takes 5–10 days to show; wallet refunds are instant.`,
  refundOpen: (r) => `Your refund request for order ${r} is open with the shop.`,
  noRefunds: "I can't see a refund or a refund request on your account.",
  paymentFailed: (a, d, r) =>
    `Your payment of ${a} on ${d} failed: ${r}. You were not charged. Try another card or your Kedai wallet.`,
  noFailedPayments: "I can't see a failed payment on your account. If a charge looks wrong, tell me and I'll get a person.",
  found: "Here's what I found:",
  paymentLine: (a, to, d, s, r) => `• ${a} to ${to} on ${d}: ${s} (ref ${r})`,
  transferOut: (a, w, d, s, r) => `• ${a} sent to ${w} on ${d}: ${s} (ref ${r})`,
  transferIn: (a, w, d, s, r) => `• ${a} from ${w} on ${d}: ${s} (ref ${r})`,
  noTransactions: "I couldn't find a payment or transfer of yours matching that.",
  pinResetSent: (t) =>
    `I've sent a sign-in code to your phone ending ${t}. Open Settings → Payment PIN → Reset PIN and enter it with your new PIN.`,
  pinElsewhere: 'Your payment PIN is looked after by Kedai Support: message kedai.support and it will help you reset it.',
  tryLater: "I couldn't do that just now. Please try again in a few minutes.",
  signInHelp:
    'Sign-in codes arrive within a minute. Check the number you typed, wait a minute before asking again, and after 5 wrong codes wait 15 minutes. Still stuck? Say "talk to a person".',
  buttons: { orders: 'My orders', catalog: 'Catalog', person: 'Talk to a person' },
};

const ms: Texts = {
  greet: (b) =>
    `Hai! Saya pembantu ${b}. Tanya saya tentang pesanan, bayaran balik dan pembayaran anda, atau katalog dan waktu operasi kami.`,
  welcome: 'Sama-sama! Ada apa-apa lagi yang boleh saya bantu?',
  notUnderstood:
    'Maaf, saya kurang faham. Anda boleh tanya tentang pesanan, bayaran balik atau pembayaran, atau minta bercakap dengan orang.',
  handedOff: (b, w) => `Saya sambungkan anda dengan petugas ${b}. Anggaran menunggu: ${w}. Mereka akan menjawab di sini.`,
  handedOffClosed: (b, n) => `Saya sambungkan anda dengan petugas ${b}. Pasukan kembali ${n}; giliran anda tetap disimpan.`,
  minutes: (n) => `lebih kurang ${n} minit`,
  fewMinutes: 'beberapa minit',
  openNow: (h) => `Kami buka sekarang. Waktu operasi: ${h}.`,
  closedNow: (n, h) => `Kami tutup sekarang dan buka semula ${n}. Waktu operasi: ${h}.`,
  noHours: 'Perniagaan ini belum menyiarkan waktu operasi.',
  alwaysOpen: 'Saya menjawab 24 jam; pasukan kami membalas secepat mungkin.',
  catalog: (b) => `Ini katalog ${b}.`,
  productsFound: 'Ini yang saya jumpa.',
  noProducts: 'Saya tak jumpa itu dalam katalog. Ini semua yang kami jual.',
  noOrders: 'Saya tak jumpa sebarang pesanan dalam akaun anda di sini.',
  orderNotFound: (r) => `Saya tak jumpa pesanan ${r} dalam akaun anda.`,
  orderStatus: (r, t, s, d) => `Pesanan ${r} (${t}) ${s}, sejak ${d}.`,
  status: {
    pending: 'sedang disediakan',
    awaiting_payment: 'menunggu bayaran anda',
    paid: 'sudah dibayar',
    processing: 'sedang diproses',
    shipped: 'sudah dihantar',
    completed: 'selesai',
    canceled: 'dibatalkan',
    refunded: 'dibayar balik',
    partially_refunded: 'dibayar balik sebahagian',
  },
  whichOrder: 'Pesanan yang mana satu?',
  ordersButton: 'Pesanan anda',
  confirmCancel: (r, t) => `Batalkan pesanan ${r} (${t})?`,
  yesCancel: 'Ya, batalkan',
  noKeep: 'Tidak, simpan',
  canceled: (r) => `Pesanan ${r} telah dibatalkan. Tiada caj dikenakan.`,
  cannotCancel: (r, s) => `Pesanan ${r} ${s} dan tidak boleh dibatalkan lagi; anda boleh minta bayaran balik.`,
  kept: 'Baik, pesanan anda kekal.',
  refundRequested: (r, b) => `Saya sudah minta ${b} membuat bayaran balik untuk pesanan ${r}. Mereka akan menjawab di sini.`,
  refundAlreadyRequested: (r) => `Permintaan bayaran balik untuk pesanan ${r} sudah ada pada kedai.`,
  noRefundableOrder: 'Saya tak jumpa pesanan berbayar anda yang boleh dibayar balik.',
  refunded: (a, r, d) =>
    `${a} telah dibayar balik untuk ${r} pada ${d}. Bayaran balik ke kad mengambil 5–10 hari; ke dompet serta-merta.`,
  refundOpen: (r) => `Permintaan bayaran balik untuk pesanan ${r} masih dibuka di kedai.`,
  noRefunds: 'Saya tak nampak bayaran balik atau permintaan bayaran balik dalam akaun anda.',
  paymentFailed: (a, d, r) => `Bayaran ${a} anda pada ${d} gagal: ${r}. Anda tidak dicaj. Cuba kad lain atau dompet Kedai anda.`,
  noFailedPayments:
    'Saya tak nampak bayaran yang gagal dalam akaun anda. Jika ada caj yang pelik, beritahu saya dan saya panggil petugas.',
  found: 'Ini yang saya jumpa:',
  paymentLine: (a, to, d, s, r) => `• ${a} kepada ${to} pada ${d}: ${s} (ruj ${r})`,
  transferOut: (a, w, d, s, r) => `• ${a} dihantar kepada ${w} pada ${d}: ${s} (ruj ${r})`,
  transferIn: (a, w, d, s, r) => `• ${a} daripada ${w} pada ${d}: ${s} (ruj ${r})`,
  noTransactions: 'Saya tak jumpa bayaran atau pindahan anda yang sepadan.',
  pinResetSent: (t) =>
    `Saya sudah hantar kod log masuk ke telefon anda yang berakhir ${t}. Buka Tetapan → PIN Bayaran → Tetapkan Semula PIN dan masukkan kod bersama PIN baru.`,
  pinElsewhere: 'PIN bayaran anda diuruskan oleh Kedai Support: hantar mesej kepada kedai.support untuk menetapkannya semula.',
  tryLater: 'Saya tak dapat buat itu sekarang. Sila cuba lagi dalam beberapa minit.',
  signInHelp:
    'Kod log masuk sampai dalam seminit. Semak nombor anda, tunggu seminit sebelum minta lagi, dan selepas 5 kod salah tunggu 15 minit. Masih tak boleh? Tulis "nak cakap dengan orang".',
  buttons: { orders: 'Pesanan saya', catalog: 'Katalog', person: 'Cakap dgn orang' },
};

const id: Texts = {
  ...ms,
  greet: (b) => `Halo! Saya asisten ${b}. Tanyakan soal pesanan, refund dan pembayaran Anda, atau katalog dan jam buka kami.`,
  welcome: 'Sama-sama! Ada lagi yang bisa saya bantu?',
  notUnderstood: 'Maaf, saya kurang paham. Anda bisa tanya soal pesanan, refund atau pembayaran, atau minta bicara dengan orang.',
  handedOff: (b, w) => `Saya sambungkan Anda ke petugas ${b}. Perkiraan menunggu: ${w}. Mereka akan menjawab di sini.`,
  handedOffClosed: (b, n) => `Saya sambungkan Anda ke petugas ${b}. Tim kembali ${n}; antrean Anda tetap disimpan.`,
  minutes: (n) => `sekitar ${n} menit`,
  fewMinutes: 'beberapa menit',
  openNow: (h) => `Kami buka sekarang. Jam buka: ${h}.`,
  closedNow: (n, h) => `Kami sedang tutup dan buka lagi ${n}. Jam buka: ${h}.`,
  noHours: 'Bisnis ini belum mencantumkan jam buka.',
  alwaysOpen: 'Saya menjawab 24 jam; tim kami membalas secepatnya.',
  catalog: (b) => `Ini katalog ${b}.`,
  productsFound: 'Ini yang saya temukan.',
  noProducts: 'Saya tidak menemukan itu di katalog. Ini semua yang kami jual.',
  noOrders: 'Saya tidak menemukan pesanan di akun Anda di sini.',
  orderNotFound: (r) => `Saya tidak menemukan pesanan ${r} di akun Anda.`,
  orderStatus: (r, t, s, d) => `Pesanan ${r} (${t}) ${s}, sejak ${d}.`,
  status: {
    pending: 'sedang disiapkan',
    awaiting_payment: 'menunggu pembayaran Anda',
    paid: 'sudah dibayar',
    processing: 'sedang diproses',
    shipped: 'sudah dikirim',
    completed: 'selesai',
    canceled: 'dibatalkan',
    refunded: 'sudah direfund',
    partially_refunded: 'direfund sebagian',
  },
  whichOrder: 'Pesanan yang mana?',
  ordersButton: 'Pesanan Anda',
  confirmCancel: (r, t) => `Batalkan pesanan ${r} (${t})?`,
  yesCancel: 'Ya, batalkan',
  noKeep: 'Tidak, simpan',
  canceled: (r) => `Pesanan ${r} sudah dibatalkan. Tidak ada tagihan.`,
  cannotCancel: (r, s) => `Pesanan ${r} ${s} dan tidak bisa dibatalkan lagi; Anda bisa minta refund.`,
  kept: 'Baik, pesanan Anda tetap.',
  refundRequested: (r, b) => `Saya sudah meminta ${b} me-refund pesanan ${r}. Mereka akan menjawab di sini.`,
  refundAlreadyRequested: (r) => `Permintaan refund untuk pesanan ${r} sudah ada di toko.`,
  noRefundableOrder: 'Saya tidak menemukan pesanan berbayar Anda yang bisa direfund.',
  refunded: (a, r, d) => `${a} sudah direfund untuk ${r} pada ${d}. Refund ke kartu butuh 5–10 hari; ke dompet langsung.`,
  refundOpen: (r) => `Permintaan refund untuk pesanan ${r} masih diproses toko.`,
  noRefunds: 'Saya tidak melihat refund atau permintaan refund di akun Anda.',
  paymentFailed: (a, d, r) =>
    `Pembayaran ${a} Anda pada ${d} gagal: ${r}. Anda tidak ditagih. Coba kartu lain atau dompet Kedai.`,
  noFailedPayments:
    'Saya tidak melihat pembayaran gagal di akun Anda. Jika ada tagihan aneh, beri tahu saya dan saya panggilkan petugas.',
  found: 'Ini yang saya temukan:',
  paymentLine: (a, to, d, s, r) => `• ${a} ke ${to} pada ${d}: ${s} (ref ${r})`,
  transferOut: (a, w, d, s, r) => `• ${a} dikirim ke ${w} pada ${d}: ${s} (ref ${r})`,
  transferIn: (a, w, d, s, r) => `• ${a} dari ${w} pada ${d}: ${s} (ref ${r})`,
  noTransactions: 'Saya tidak menemukan pembayaran atau transfer Anda yang cocok.',
  pinResetSent: (t) =>
    `Saya sudah mengirim kode masuk ke HP Anda yang berakhiran ${t}. Buka Pengaturan → PIN Pembayaran → Reset PIN dan masukkan kodenya bersama PIN baru.`,
  pinElsewhere: 'PIN pembayaran Anda diurus oleh Kedai Support: kirim pesan ke kedai.support untuk meresetnya.',
  tryLater: 'Saya belum bisa melakukannya sekarang. Coba lagi beberapa menit lagi.',
  signInHelp:
    'Kode masuk datang dalam satu menit. Periksa nomor Anda, tunggu satu menit sebelum minta lagi, dan setelah 5 kode salah tunggu 15 menit. Masih gagal? Tulis "mau bicara dengan orang".',
  buttons: { orders: 'Pesanan saya', catalog: 'Katalog', person: 'Bicara dgn orang' },
};

const de: Texts = {
  greet: (b) =>
    `Hallo! Ich bin der Assistent von ${b}. Frag mich nach deinen Bestellungen, Erstattungen und Zahlungen oder nach Katalog und Öffnungszeiten.`,
  welcome: 'Gern geschehen! Kann ich sonst noch helfen?',
  notUnderstood:
    'Entschuldige, das habe ich nicht verstanden. Du kannst nach Bestellungen, Erstattungen oder Zahlungen fragen oder mit einem Menschen sprechen.',
  handedOff: (b, w) => `Ich verbinde dich mit jemandem von ${b}. Erwartete Wartezeit: ${w}. Die Antwort kommt hier.`,
  handedOffClosed: (b, n) =>
    `Ich verbinde dich mit jemandem von ${b}. Das Team ist ${n} zurück; dein Platz in der Warteschlange bleibt.`,
  minutes: (n) => `etwa ${n} Minute${n === 1 ? '' : 'n'}`,
  fewMinutes: 'ein paar Minuten',
  openNow: (h) => `Wir haben jetzt geöffnet. Öffnungszeiten: ${h}.`,
  closedNow: (n, h) => `Wir haben gerade geschlossen und öffnen wieder ${n}. Öffnungszeiten: ${h}.`,
  noHours: 'Dieses Geschäft hat keine Öffnungszeiten angegeben.',
  alwaysOpen: 'Ich antworte rund um die Uhr; unser Team meldet sich so schnell es geht.',
  catalog: (b) => `Hier ist der Katalog von ${b}.`,
  productsFound: 'Das habe ich gefunden.',
  noProducts: 'Das habe ich im Katalog nicht gefunden. Hier ist alles, was wir verkaufen.',
  noOrders: 'Ich finde hier keine Bestellungen in deinem Konto.',
  orderNotFound: (r) => `Ich finde die Bestellung ${r} nicht in deinem Konto.`,
  orderStatus: (r, t, s, d) => `Bestellung ${r} (${t}) ist ${s}, seit ${d}.`,
  status: {
    pending: 'in Vorbereitung',
    awaiting_payment: 'wartet auf deine Zahlung',
    paid: 'bezahlt',
    processing: 'in Bearbeitung',
    shipped: 'versandt',
    completed: 'abgeschlossen',
    canceled: 'storniert',
    refunded: 'erstattet',
    partially_refunded: 'teilweise erstattet',
  },
  whichOrder: 'Welche Bestellung meinst du?',
  ordersButton: 'Deine Bestellungen',
  confirmCancel: (r, t) => `Bestellung ${r} (${t}) stornieren?`,
  yesCancel: 'Ja, stornieren',
  noKeep: 'Nein, behalten',
  canceled: (r) => `Bestellung ${r} ist storniert. Es wurde nichts belastet.`,
  cannotCancel: (r, s) =>
    `Bestellung ${r} ist ${s} und kann nicht mehr storniert werden; du kannst stattdessen eine Erstattung anfragen.`,
  kept: 'Alles klar, deine Bestellung bleibt bestehen.',
  refundRequested: (r, b) => `Ich habe ${b} gebeten, Bestellung ${r} zu erstatten. Die Antwort kommt hier.`,
  refundAlreadyRequested: (r) => `Deine Erstattungsanfrage für Bestellung ${r} liegt dem Geschäft schon vor.`,
  noRefundableOrder: 'Ich finde keine bezahlte Bestellung von dir, die erstattet werden könnte.',
  refunded: (a, r, d) => `${a} wurden für ${r} am ${d} erstattet. Auf der Karte dauert es 5–10 Tage, im Wallet sofort.`,
  refundOpen: (r) => `Deine Erstattungsanfrage für Bestellung ${r} ist beim Geschäft offen.`,
  noRefunds: 'Ich sehe keine Erstattung und keine Erstattungsanfrage in deinem Konto.',
  paymentFailed: (a, d, r) =>
    `Deine Zahlung über ${a} am ${d} ist fehlgeschlagen: ${r}. Dir wurde nichts belastet. Versuch eine andere Karte oder dein Kedai-Wallet.`,
  noFailedPayments:
    'Ich sehe keine fehlgeschlagene Zahlung in deinem Konto. Wenn eine Belastung falsch aussieht, sag es mir und ich hole einen Menschen.',
  found: 'Das habe ich gefunden:',
  paymentLine: (a, to, d, s, r) => `• ${a} an ${to} am ${d}: ${s} (Ref. ${r})`,
  transferOut: (a, w, d, s, r) => `• ${a} an ${w} am ${d}: ${s} (Ref. ${r})`,
  transferIn: (a, w, d, s, r) => `• ${a} von ${w} am ${d}: ${s} (Ref. ${r})`,
  noTransactions: 'Ich finde keine passende Zahlung oder Überweisung von dir.',
  pinResetSent: (t) =>
    `Ich habe einen Anmeldecode an dein Telefon mit der Endung ${t} geschickt. Öffne Einstellungen → Zahlungs-PIN → PIN zurücksetzen und gib ihn mit deiner neuen PIN ein.`,
  pinElsewhere: 'Um deine Zahlungs-PIN kümmert sich Kedai Support: schreib an kedai.support, dort wird sie zurückgesetzt.',
  tryLater: 'Das ging gerade nicht. Bitte versuch es in ein paar Minuten noch einmal.',
  signInHelp:
    'Anmeldecodes kommen innerhalb einer Minute. Prüfe die Nummer, warte eine Minute vor einer neuen Anfrage und nach 5 falschen Codes 15 Minuten. Klappt es nicht? Schreib „mit einem Menschen sprechen“.',
  buttons: { orders: 'Bestellungen', catalog: 'Katalog', person: 'Mensch, bitte' },
};

const es: Texts = {
  greet: (b) =>
    `¡Hola! Soy el asistente de ${b}. Pregúntame por tus pedidos, reembolsos y pagos, o por el catálogo y el horario.`,
  welcome: '¡De nada! ¿Te ayudo con algo más?',
  notUnderstood: 'Perdona, no lo he entendido. Puedes preguntar por pedidos, reembolsos o pagos, o hablar con una persona.',
  handedOff: (b, w) => `Te paso con una persona de ${b}. Espera estimada: ${w}. Te responderán aquí mismo.`,
  handedOffClosed: (b, n) => `Te paso con una persona de ${b}. El equipo vuelve ${n}; conservas tu lugar en la cola.`,
  minutes: (n) => `unos ${n} minuto${n === 1 ? '' : 's'}`,
  fewMinutes: 'unos minutos',
  openNow: (h) => `Ahora estamos abiertos. Horario: ${h}.`,
  closedNow: (n, h) => `Ahora estamos cerrados y abrimos ${n}. Horario: ${h}.`,
  noHours: 'Este negocio no ha publicado su horario.',
  alwaysOpen: 'Respondo a cualquier hora; el equipo contesta en cuanto puede.',
  catalog: (b) => `Aquí tienes el catálogo de ${b}.`,
  productsFound: 'Esto es lo que he encontrado.',
  noProducts: 'No lo he encontrado en el catálogo. Aquí tienes todo lo que vendemos.',
  noOrders: 'No encuentro pedidos en tu cuenta aquí.',
  orderNotFound: (r) => `No encuentro el pedido ${r} en tu cuenta.`,
  orderStatus: (r, t, s, d) => `El pedido ${r} (${t}) está ${s} desde ${d}.`,
  status: {
    pending: 'en preparación',
    awaiting_payment: 'esperando tu pago',
    paid: 'pagado',
    processing: 'en proceso',
    shipped: 'enviado',
    completed: 'completado',
    canceled: 'cancelado',
    refunded: 'reembolsado',
    partially_refunded: 'reembolsado en parte',
  },
  whichOrder: '¿Qué pedido?',
  ordersButton: 'Tus pedidos',
  confirmCancel: (r, t) => `¿Cancelar el pedido ${r} (${t})?`,
  yesCancel: 'Sí, cancelar',
  noKeep: 'No, mantener',
  canceled: (r) => `El pedido ${r} está cancelado. No se ha cobrado nada.`,
  cannotCancel: (r, s) => `El pedido ${r} está ${s} y ya no se puede cancelar; puedes pedir un reembolso.`,
  kept: 'Vale, tu pedido sigue igual.',
  refundRequested: (r, b) => `He pedido a ${b} que reembolse el pedido ${r}. Te responderán aquí.`,
  refundAlreadyRequested: (r) => `Tu solicitud de reembolso del pedido ${r} ya está en la tienda.`,
  noRefundableOrder: 'No encuentro ningún pedido pagado tuyo que se pueda reembolsar.',
  refunded: (a, r, d) => `Se reembolsaron ${a} de ${r} el ${d}. En tarjeta tarda 5–10 días; en el monedero es inmediato.`,
  refundOpen: (r) => `Tu solicitud de reembolso del pedido ${r} está abierta en la tienda.`,
  noRefunds: 'No veo reembolsos ni solicitudes de reembolso en tu cuenta.',
  paymentFailed: (a, d, r) =>
    `Tu pago de ${a} del ${d} falló: ${r}. No se te ha cobrado. Prueba otra tarjeta o tu monedero Kedai.`,
  noFailedPayments: 'No veo pagos fallidos en tu cuenta. Si un cargo te parece mal, dímelo y te paso con una persona.',
  found: 'Esto es lo que he encontrado:',
  paymentLine: (a, to, d, s, r) => `• ${a} a ${to} el ${d}: ${s} (ref ${r})`,
  transferOut: (a, w, d, s, r) => `• ${a} enviados a ${w} el ${d}: ${s} (ref ${r})`,
  transferIn: (a, w, d, s, r) => `• ${a} de ${w} el ${d}: ${s} (ref ${r})`,
  noTransactions: 'No encuentro un pago o transferencia tuya que coincida.',
  pinResetSent: (t) =>
    `Te he enviado un código de acceso al teléfono acabado en ${t}. Abre Ajustes → PIN de pago → Restablecer PIN e introdúcelo con tu nuevo PIN.`,
  pinElsewhere: 'Tu PIN de pago lo gestiona Kedai Support: escribe a kedai.support y te ayudarán a restablecerlo.',
  tryLater: 'Ahora no he podido hacerlo. Inténtalo de nuevo en unos minutos.',
  signInHelp:
    'Los códigos de acceso llegan en un minuto. Revisa el número, espera un minuto antes de pedir otro y tras 5 códigos erróneos espera 15 minutos. ¿Sigue sin funcionar? Escribe «hablar con una persona».',
  buttons: { orders: 'Mis pedidos', catalog: 'Catálogo', person: 'Una persona' },
};

const fr: Texts = {
  greet: (b) =>
    `Bonjour ! Je suis l’assistant de ${b}. Posez-moi vos questions sur vos commandes, remboursements et paiements, ou sur le catalogue et les horaires.`,
  welcome: 'Avec plaisir ! Autre chose ?',
  notUnderstood:
    'Désolé, je n’ai pas compris. Vous pouvez demander vos commandes, remboursements ou paiements, ou parler à une personne.',
  handedOff: (b, w) => `Je vous passe une personne de ${b}. Attente estimée : ${w}. La réponse arrivera ici.`,
  handedOffClosed: (b, n) => `Je vous passe une personne de ${b}. L’équipe revient ${n} ; vous gardez votre place dans la file.`,
  minutes: (n) => `environ ${n} minute${n === 1 ? '' : 's'}`,
  fewMinutes: 'quelques minutes',
  openNow: (h) => `Nous sommes ouverts. Horaires : ${h}.`,
  closedNow: (n, h) => `Nous sommes fermés et rouvrons ${n}. Horaires : ${h}.`,
  noHours: 'Ce commerce n’a pas publié ses horaires.',
  alwaysOpen: 'Je réponds à toute heure ; l’équipe répond dès que possible.',
  catalog: (b) => `Voici le catalogue de ${b}.`,
  productsFound: 'Voici ce que j’ai trouvé.',
  noProducts: 'Je ne l’ai pas trouvé dans le catalogue. Voici tout ce que nous vendons.',
  noOrders: 'Je ne trouve aucune commande sur votre compte ici.',
  orderNotFound: (r) => `Je ne trouve pas la commande ${r} sur votre compte.`,
  orderStatus: (r, t, s, d) => `La commande ${r} (${t}) est ${s} depuis le ${d}.`,
  status: {
    pending: 'en préparation',
    awaiting_payment: 'en attente de votre paiement',
    paid: 'payée',
    processing: 'en cours de traitement',
    shipped: 'expédiée',
    completed: 'terminée',
    canceled: 'annulée',
    refunded: 'remboursée',
    partially_refunded: 'partiellement remboursée',
  },
  whichOrder: 'Quelle commande ?',
  ordersButton: 'Vos commandes',
  confirmCancel: (r, t) => `Annuler la commande ${r} (${t}) ?`,
  yesCancel: 'Oui, annuler',
  noKeep: 'Non, la garder',
  canceled: (r) => `La commande ${r} est annulée. Rien n’a été débité.`,
  cannotCancel: (r, s) => `La commande ${r} est ${s} et ne peut plus être annulée ; vous pouvez demander un remboursement.`,
  kept: 'D’accord, votre commande reste telle quelle.',
  refundRequested: (r, b) => `J’ai demandé à ${b} de rembourser la commande ${r}. La réponse arrivera ici.`,
  refundAlreadyRequested: (r) => `Votre demande de remboursement de la commande ${r} est déjà chez le commerçant.`,
  noRefundableOrder: 'Je ne trouve aucune commande payée qui puisse être remboursée.',
  refunded: (a, r, d) =>
    `${a} ont été remboursés pour ${r} le ${d}. Sur une carte, comptez 5 à 10 jours ; sur le portefeuille, c’est immédiat.`,
  refundOpen: (r) => `Votre demande de remboursement de la commande ${r} est ouverte chez le commerçant.`,
  noRefunds: 'Je ne vois ni remboursement ni demande de remboursement sur votre compte.',
  paymentFailed: (a, d, r) =>
    `Votre paiement de ${a} du ${d} a échoué : ${r}. Vous n’avez pas été débité. Essayez une autre carte ou votre portefeuille Kedai.`,
  noFailedPayments:
    'Je ne vois aucun paiement échoué. Si un débit vous semble anormal, dites-le-moi et je vous passe une personne.',
  found: 'Voici ce que j’ai trouvé :',
  paymentLine: (a, to, d, s, r) => `• ${a} à ${to} le ${d} : ${s} (réf. ${r})`,
  transferOut: (a, w, d, s, r) => `• ${a} envoyés à ${w} le ${d} : ${s} (réf. ${r})`,
  transferIn: (a, w, d, s, r) => `• ${a} de ${w} le ${d} : ${s} (réf. ${r})`,
  noTransactions: 'Je ne trouve aucun paiement ou virement correspondant.',
  pinResetSent: (t) =>
    `Je vous ai envoyé un code de connexion au téléphone se terminant par ${t}. Ouvrez Réglages → PIN de paiement → Réinitialiser et saisissez-le avec votre nouveau PIN.`,
  pinElsewhere: 'Votre PIN de paiement est géré par Kedai Support : écrivez à kedai.support pour le réinitialiser.',
  tryLater: 'Je n’ai pas pu le faire pour l’instant. Réessayez dans quelques minutes.',
  signInHelp:
    'Les codes de connexion arrivent en une minute. Vérifiez le numéro, attendez une minute avant d’en redemander, et après 5 codes erronés attendez 15 minutes. Toujours bloqué ? Écrivez « parler à une personne ».',
  buttons: { orders: 'Mes commandes', catalog: 'Catalogue', person: 'Une personne' },
};

const it: Texts = {
  greet: (b) => `Ciao! Sono l’assistente di ${b}. Chiedimi dei tuoi ordini, rimborsi e pagamenti, o del catalogo e degli orari.`,
  welcome: 'Prego! Posso aiutarti in altro?',
  notUnderstood: 'Scusa, non ho capito. Puoi chiedere di ordini, rimborsi o pagamenti, oppure parlare con una persona.',
  handedOff: (b, w) => `Ti passo a una persona di ${b}. Attesa prevista: ${w}. Ti risponderanno qui.`,
  handedOffClosed: (b, n) => `Ti passo a una persona di ${b}. Il team torna ${n}; mantieni il tuo posto in coda.`,
  minutes: (n) => `circa ${n} minut${n === 1 ? 'o' : 'i'}`,
  fewMinutes: 'qualche minuto',
  openNow: (h) => `Siamo aperti ora. Orari: ${h}.`,
  closedNow: (n, h) => `Ora siamo chiusi e riapriamo ${n}. Orari: ${h}.`,
  noHours: 'Questa attività non ha pubblicato gli orari.',
  alwaysOpen: 'Rispondo a qualsiasi ora; il team risponde appena possibile.',
  catalog: (b) => `Ecco il catalogo di ${b}.`,
  productsFound: 'Ecco cosa ho trovato.',
  noProducts: 'Non l’ho trovato nel catalogo. Ecco tutto ciò che vendiamo.',
  noOrders: 'Non trovo ordini sul tuo account qui.',
  orderNotFound: (r) => `Non trovo l’ordine ${r} sul tuo account.`,
  orderStatus: (r, t, s, d) => `L’ordine ${r} (${t}) è ${s} dal ${d}.`,
  status: {
    pending: 'in preparazione',
    awaiting_payment: 'in attesa del tuo pagamento',
    paid: 'pagato',
    processing: 'in lavorazione',
    shipped: 'spedito',
    completed: 'completato',
    canceled: 'annullato',
    refunded: 'rimborsato',
    partially_refunded: 'rimborsato in parte',
  },
  whichOrder: 'Quale ordine?',
  ordersButton: 'I tuoi ordini',
  confirmCancel: (r, t) => `Annullare l’ordine ${r} (${t})?`,
  yesCancel: 'Sì, annulla',
  noKeep: 'No, tienilo',
  canceled: (r) => `L’ordine ${r} è annullato. Non è stato addebitato nulla.`,
  cannotCancel: (r, s) => `L’ordine ${r} è ${s} e non si può più annullare; puoi chiedere un rimborso.`,
  kept: 'Va bene, il tuo ordine resta com’è.',
  refundRequested: (r, b) => `Ho chiesto a ${b} di rimborsare l’ordine ${r}. Ti risponderanno qui.`,
  refundAlreadyRequested: (r) => `La tua richiesta di rimborso per l’ordine ${r} è già al negozio.`,
  noRefundableOrder: 'Non trovo un tuo ordine pagato che si possa rimborsare.',
  refunded: (a, r, d) =>
    `Sono stati rimborsati ${a} per ${r} il ${d}. Sulla carta servono 5–10 giorni; sul portafoglio è immediato.`,
  refundOpen: (r) => `La tua richiesta di rimborso per l’ordine ${r} è aperta presso il negozio.`,
  noRefunds: 'Non vedo rimborsi o richieste di rimborso sul tuo account.',
  paymentFailed: (a, d, r) =>
    `Il tuo pagamento di ${a} del ${d} non è riuscito: ${r}. Non ti è stato addebitato nulla. Prova un’altra carta o il portafoglio Kedai.`,
  noFailedPayments:
    'Non vedo pagamenti falliti sul tuo account. Se un addebito ti sembra sbagliato, dimmelo e ti passo una persona.',
  found: 'Ecco cosa ho trovato:',
  paymentLine: (a, to, d, s, r) => `• ${a} a ${to} il ${d}: ${s} (rif. ${r})`,
  transferOut: (a, w, d, s, r) => `• ${a} inviati a ${w} il ${d}: ${s} (rif. ${r})`,
  transferIn: (a, w, d, s, r) => `• ${a} da ${w} il ${d}: ${s} (rif. ${r})`,
  noTransactions: 'Non trovo un tuo pagamento o trasferimento corrispondente.',
  pinResetSent: (t) =>
    `Ti ho inviato un codice di accesso al telefono che termina con ${t}. Apri Impostazioni → PIN di pagamento → Reimposta PIN e inseriscilo con il nuovo PIN.`,
  pinElsewhere: 'Il tuo PIN di pagamento lo gestisce Kedai Support: scrivi a kedai.support per reimpostarlo.',
  tryLater: 'Ora non ci sono riuscito. Riprova tra qualche minuto.',
  signInHelp:
    'I codici di accesso arrivano entro un minuto. Controlla il numero, aspetta un minuto prima di richiederlo e dopo 5 codici errati aspetta 15 minuti. Ancora bloccato? Scrivi «parlare con una persona».',
  buttons: { orders: 'I miei ordini', catalog: 'Catalogo', person: 'Una persona' },
};

const pt: Texts = {
  greet: (b) =>
    `Olá! Sou o assistente de ${b}. Pergunte sobre seus pedidos, reembolsos e pagamentos, ou sobre o catálogo e o horário.`,
  welcome: 'De nada! Posso ajudar em mais alguma coisa?',
  notUnderstood: 'Desculpe, não entendi. Você pode perguntar sobre pedidos, reembolsos ou pagamentos, ou falar com uma pessoa.',
  handedOff: (b, w) => `Vou passar você para uma pessoa de ${b}. Espera estimada: ${w}. A resposta chega aqui.`,
  handedOffClosed: (b, n) => `Vou passar você para uma pessoa de ${b}. A equipe volta ${n}; você mantém seu lugar na fila.`,
  minutes: (n) => `cerca de ${n} minuto${n === 1 ? '' : 's'}`,
  fewMinutes: 'alguns minutos',
  openNow: (h) => `Estamos abertos agora. Horário: ${h}.`,
  closedNow: (n, h) => `Estamos fechados agora e abrimos ${n}. Horário: ${h}.`,
  noHours: 'Este negócio não publicou o horário.',
  alwaysOpen: 'Respondo a qualquer hora; a equipe responde assim que puder.',
  catalog: (b) => `Aqui está o catálogo de ${b}.`,
  productsFound: 'Encontrei isto.',
  noProducts: 'Não encontrei isso no catálogo. Aqui está tudo o que vendemos.',
  noOrders: 'Não encontro pedidos na sua conta aqui.',
  orderNotFound: (r) => `Não encontro o pedido ${r} na sua conta.`,
  orderStatus: (r, t, s, d) => `O pedido ${r} (${t}) está ${s} desde ${d}.`,
  status: {
    pending: 'em preparação',
    awaiting_payment: 'aguardando seu pagamento',
    paid: 'pago',
    processing: 'em processamento',
    shipped: 'enviado',
    completed: 'concluído',
    canceled: 'cancelado',
    refunded: 'reembolsado',
    partially_refunded: 'reembolsado em parte',
  },
  whichOrder: 'Qual pedido?',
  ordersButton: 'Seus pedidos',
  confirmCancel: (r, t) => `Cancelar o pedido ${r} (${t})?`,
  yesCancel: 'Sim, cancelar',
  noKeep: 'Não, manter',
  canceled: (r) => `O pedido ${r} foi cancelado. Nada foi cobrado.`,
  cannotCancel: (r, s) => `O pedido ${r} está ${s} e não pode mais ser cancelado; você pode pedir reembolso.`,
  kept: 'Certo, seu pedido continua como está.',
  refundRequested: (r, b) => `Pedi a ${b} o reembolso do pedido ${r}. A resposta chega aqui.`,
  refundAlreadyRequested: (r) => `Seu pedido de reembolso do pedido ${r} já está com a loja.`,
  noRefundableOrder: 'Não encontro um pedido pago seu que possa ser reembolsado.',
  refunded: (a, r, d) => `${a} foram reembolsados para ${r} em ${d}. No cartão leva 5–10 dias; na carteira é imediato.`,
  refundOpen: (r) => `Seu pedido de reembolso do pedido ${r} está aberto na loja.`,
  noRefunds: 'Não vejo reembolsos nem pedidos de reembolso na sua conta.',
  paymentFailed: (a, d, r) =>
    `Seu pagamento de ${a} em ${d} falhou: ${r}. Você não foi cobrado. Tente outro cartão ou sua carteira Kedai.`,
  noFailedPayments: 'Não vejo pagamentos com falha na sua conta. Se uma cobrança parecer errada, me diga e chamo uma pessoa.',
  found: 'Encontrei isto:',
  paymentLine: (a, to, d, s, r) => `• ${a} para ${to} em ${d}: ${s} (ref ${r})`,
  transferOut: (a, w, d, s, r) => `• ${a} enviados para ${w} em ${d}: ${s} (ref ${r})`,
  transferIn: (a, w, d, s, r) => `• ${a} de ${w} em ${d}: ${s} (ref ${r})`,
  noTransactions: 'Não encontrei um pagamento ou transferência sua correspondente.',
  pinResetSent: (t) =>
    `Enviei um código de acesso para o seu telefone terminado em ${t}. Abra Configurações → PIN de pagamento → Redefinir PIN e digite-o com o novo PIN.`,
  pinElsewhere: 'Seu PIN de pagamento é cuidado pelo Kedai Support: escreva para kedai.support para redefini-lo.',
  tryLater: 'Não consegui fazer isso agora. Tente de novo em alguns minutos.',
  signInHelp:
    'Os códigos de acesso chegam em um minuto. Confira o número, espere um minuto antes de pedir outro e após 5 códigos errados espere 15 minutos. Ainda com problema? Escreva "falar com uma pessoa".',
  buttons: { orders: 'Meus pedidos', catalog: 'Catálogo', person: 'Uma pessoa' },
};

export const TEXTS: Record<Language, Texts> = { en, ms, id, de, es, fr, it, pt };

/** Locale for formatting dates and money in each language. */
export const LOCALES: Record<Language, string> = {
  en: 'en-MY',
  ms: 'ms-MY',
  id: 'id-ID',
  de: 'de-DE',
  es: 'es-ES',
  fr: 'fr-FR',
  it: 'it-IT',
  pt: 'pt-PT',
};
