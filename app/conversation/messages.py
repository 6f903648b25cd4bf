"""What the assistant says, per language. English is the fallback for any missing text.

Placeholders are filled by :mod:`app.conversation.replies`; values typed by users are cleaned before they
are placed here. ``*bold*`` is WhatsApp formatting.
"""
from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {
    "en": {
        "saved": "✅ *Saved as #{seq}*",
        "saved_items": "{n} items",
        "saved_hint": "💬 Ask _show #{seq}_, _how much this month?_ or _delete it_.",
        "warnings": "⚠️ Please check:",
        "unreadable": "😕 I couldn't read that document.",
        "unreadable_corrupt": "The file seems damaged. Could you send it again?",
        "unreadable_encrypted": "The PDF is password-protected. Please send a copy without a password.",
        "unreadable_too_large": "The file is too large. Please send a smaller photo or PDF.",
        "unreadable_too_many_pages": "The PDF has too many pages (I read up to {pages}). Please send just the invoice pages.",
        "unreadable_unsupported_type": "I can read photos (JPEG, PNG, WebP) and PDFs only.",
        "unreadable_no_text": "I couldn't find any text in it.",
        "unreadable_no_fields": "I found text, but no total, vendor or items.",
        "retake_tips": "📸 Tips: lay the receipt flat in good light, fill the frame, hold the phone straight above it and avoid shadows and blur.",
        "help": (
            "*Here's what you can ask me* 🧾\n"
            "• Send a photo or PDF of an invoice or receipt\n"
            "• _How much did I spend last month?_\n"
            "• _How much at Shell in March?_ · _on fuel this year?_\n"
            "• _How many invoices this week?_ · _average_ · _tax paid in 2025_\n"
            "• _Top vendors_ · _biggest invoice_\n"
            "• _Show my last 5 invoices_ · _show #3_\n"
            "• _Total of #3 is 45.10_ · _vendor of the last one is Shell_\n"
            "• _Delete #3_ · _undo_ · _keep it_ (a flagged duplicate)\n"
            "• _Export March as CSV_ · _delete my data_"
        ),
        "greeting": "Hi! 👋 Send me a photo or PDF of an invoice, or ask about your spending. Type *help* for ideas.",
        "thanks": "You're welcome! 🙌",
        "unknown": "Sorry, I didn't get that. 🤔 Try _how much did I spend this month?_ or type *help*.",
        "spent": "You spent *{amount}* ({count}).",
        "spent_multi": "You spent:",
        "count": "You have *{count}*.",
        "average": "Average per invoice: *{amount}* ({count}).",
        "tax": "Tax paid: *{amount}* ({count}).",
        "tax_multi": "Tax paid:",
        "average_multi": "Average per invoice:",
        "no_category_tax": "Tax isn't itemised per category, so I can't split it for _{category}_.",
        "nothing": "No invoices found.",
        "unmatched_vendor": "I found no invoices from _{name}_.",
        "unmatched_category": "I found no items in the category _{name}_.",
        "invoice_one": "{n} invoice",
        "invoice_other": "{n} invoices",
        "top_vendors": "*Top vendors*",
        "biggest": "*Biggest invoice*",
        "list": "*Your invoices*",
        "list_more": "…and {n} more. Ask _show #N_ for details.",
        "duplicate_mark": "⚠️ duplicate",
        "duplicate_note": "⚠️ Looks like a duplicate of #{seq}; it isn't counted. Reply *keep it* to count it.",
        "date": "Date",
        "number": "No.",
        "total": "Total",
        "tax_label": "tax",
        "items": "Items",
        "items_more": "…and {n} more items",
        "no_vendor": "Unknown vendor",
        "not_found": "I couldn't find that invoice. Send _show my last 5 invoices_ to see their numbers.",
        "not_found_listed": "Which one? Ask for a list first, or use its number like _#3_.",
        "field_vendor": "vendor",
        "field_total": "total",
        "field_tax": "tax",
        "field_date": "date",
        "field_number": "invoice number",
        "field_currency": "currency",
        "corrected": "✅ Updated the {field} of *#{seq}*.",
        "invalid_amount": "That doesn't look like an amount. Try _total of #{seq} is 45.10_.",
        "invalid_date": "That doesn't look like a valid date. Try _date of #{seq} is 2025-03-05_.",
        "invalid_currency": "I don't know that currency. Use a code like EUR, USD or BRL.",
        "invalid_text": "That value can't be used for the {field}.",
        "tax_above_total": "The tax can't be more than the total ({amount}).",
        "deleted": "🗑️ Deleted *#{seq}*{what}. Reply *undo* to bring it back.",
        "undone": "↩️ Restored *#{seq}*{what}.",
        "nothing_to_undo": "There is nothing to undo.",
        "kept": "✅ Kept *#{seq}*{what}: it now counts in your totals.",
        "not_duplicate": "*#{seq}* isn't flagged as a duplicate; it already counts.",
        "export_unavailable": "Exports aren't available right now. Please try again later.",
        "delete_data_confirm": (
            "⚠️ This deletes *all* your invoices, files and messages, and can't be undone.\n"
            "Reply *yes* to delete everything or *no* to cancel."
        ),
        "delete_data_cancelled": "OK, nothing was deleted.",
        "delete_data_unavailable": "I can't delete your data right now. Please try again later.",
        "nothing_to_confirm": "There's nothing waiting for a confirmation.",
    },
    "es": {
        "saved": "✅ *Guardada como #{seq}*",
        "saved_items": "{n} artículos",
        "saved_hint": "💬 Pregunta _mostrar #{seq}_, _¿cuánto gasté este mes?_ o _bórrala_.",
        "warnings": "⚠️ Revisa por favor:",
        "unreadable": "😕 No pude leer ese documento.",
        "unreadable_corrupt": "El archivo parece dañado. ¿Puedes enviarlo de nuevo?",
        "unreadable_encrypted": "El PDF tiene contraseña. Envía una copia sin contraseña.",
        "unreadable_too_large": "El archivo es demasiado grande. Envía una foto o un PDF más pequeño.",
        "unreadable_too_many_pages": "El PDF tiene demasiadas páginas (leo hasta {pages}). Envía solo las páginas de la factura.",
        "unreadable_unsupported_type": "Solo puedo leer fotos (JPEG, PNG, WebP) y PDF.",
        "unreadable_no_text": "No encontré texto en él.",
        "unreadable_no_fields": "Encontré texto, pero ni total, ni comercio, ni artículos.",
        "retake_tips": "📸 Consejos: pon el ticket plano y con buena luz, que ocupe toda la foto, el móvil recto encima y sin sombras ni movimiento.",
        "help": (
            "*Esto es lo que puedes preguntarme* 🧾\n"
            "• Envía una foto o PDF de una factura o ticket\n"
            "• _¿Cuánto gasté el mes pasado?_\n"
            "• _¿Cuánto en Repsol en marzo?_ · _¿en combustible este año?_\n"
            "• _¿Cuántas facturas esta semana?_ · _promedio_ · _IVA pagado en 2025_\n"
            "• _Principales proveedores_ · _factura más cara_\n"
            "• _Muestra mis últimas 5 facturas_ · _mostrar #3_\n"
            "• _El total de #3 es 45,10_ · _el proveedor de la última es Shell_\n"
            "• _Borra #3_ · _deshacer_ · _mantenla_ (un duplicado marcado)\n"
            "• _Exportar marzo en CSV_ · _borrar mis datos_"
        ),
        "greeting": "¡Hola! 👋 Envíame una foto o PDF de una factura, o pregúntame por tus gastos. Escribe *ayuda* para ver ideas.",
        "thanks": "¡De nada! 🙌",
        "unknown": "Perdona, no te he entendido. 🤔 Prueba _¿cuánto gasté este mes?_ o escribe *ayuda*.",
        "spent": "Gastaste *{amount}* ({count}).",
        "spent_multi": "Gastaste:",
        "count": "Tienes *{count}*.",
        "average": "Promedio por factura: *{amount}* ({count}).",
        "tax": "Impuestos pagados: *{amount}* ({count}).",
        "tax_multi": "Impuestos pagados:",
        "average_multi": "Promedio por factura:",
        "no_category_tax": "Los impuestos no se desglosan por categoría, así que no puedo calcularlos para _{category}_.",
        "nothing": "No encontré facturas.",
        "unmatched_vendor": "No encontré facturas de _{name}_.",
        "unmatched_category": "No encontré artículos en la categoría _{name}_.",
        "invoice_one": "{n} factura",
        "invoice_other": "{n} facturas",
        "top_vendors": "*Principales proveedores*",
        "biggest": "*Factura más alta*",
        "list": "*Tus facturas*",
        "list_more": "…y {n} más. Pide _mostrar #N_ para ver el detalle.",
        "duplicate_mark": "⚠️ duplicada",
        "duplicate_note": "⚠️ Parece un duplicado de #{seq}; no se cuenta. Responde *mantenla* para contarla.",
        "date": "Fecha",
        "number": "N.º",
        "total": "Total",
        "tax_label": "impuestos",
        "items": "Artículos",
        "items_more": "…y {n} artículos más",
        "no_vendor": "Proveedor desconocido",
        "not_found": "No encontré esa factura. Envía _muestra mis últimas 5 facturas_ para ver sus números.",
        "not_found_listed": "¿Cuál? Pide primero una lista o usa su número, como _#3_.",
        "field_vendor": "proveedor",
        "field_total": "total",
        "field_tax": "impuesto",
        "field_date": "fecha",
        "field_number": "número de factura",
        "field_currency": "moneda",
        "corrected": "✅ Actualicé el campo {field} de *#{seq}*.",
        "invalid_amount": "Eso no parece un importe. Prueba _el total de #{seq} es 45,10_.",
        "invalid_date": "Eso no parece una fecha válida. Prueba _la fecha de #{seq} es 05/03/2025_.",
        "invalid_currency": "No conozco esa moneda. Usa un código como EUR, USD o MXN.",
        "invalid_text": "Ese valor no sirve para el campo {field}.",
        "tax_above_total": "El impuesto no puede superar el total ({amount}).",
        "deleted": "🗑️ Borré *#{seq}*{what}. Responde *deshacer* para recuperarla.",
        "undone": "↩️ Recuperé *#{seq}*{what}.",
        "nothing_to_undo": "No hay nada que deshacer.",
        "kept": "✅ Mantengo *#{seq}*{what}: ahora cuenta en tus totales.",
        "not_duplicate": "*#{seq}* no está marcada como duplicada; ya cuenta.",
        "export_unavailable": "Las exportaciones no están disponibles ahora. Inténtalo más tarde.",
        "delete_data_confirm": (
            "⚠️ Esto borra *todas* tus facturas, archivos y mensajes, y no se puede deshacer.\n"
            "Responde *sí* para borrarlo todo o *no* para cancelar."
        ),
        "delete_data_cancelled": "Vale, no se borró nada.",
        "delete_data_unavailable": "Ahora no puedo borrar tus datos. Inténtalo más tarde.",
        "nothing_to_confirm": "No hay nada pendiente de confirmar.",
    },
    "pt": {
        "saved": "✅ *Guardada como #{seq}*",
        "saved_items": "{n} itens",
        "saved_hint": "💬 Pergunte _mostrar #{seq}_, _quanto gastei este mês?_ ou _apaga esta_.",
        "warnings": "⚠️ Confira, por favor:",
        "unreadable": "😕 Não consegui ler esse documento.",
        "unreadable_corrupt": "O arquivo parece danificado. Pode enviá-lo de novo?",
        "unreadable_encrypted": "O PDF tem senha. Envie uma cópia sem senha.",
        "unreadable_too_large": "O arquivo é grande demais. Envie uma foto ou um PDF menor.",
        "unreadable_too_many_pages": "O PDF tem páginas demais (leio até {pages}). Envie só as páginas da fatura.",
        "unreadable_unsupported_type": "Só consigo ler fotos (JPEG, PNG, WebP) e PDF.",
        "unreadable_no_text": "Não encontrei texto nele.",
        "unreadable_no_fields": "Encontrei texto, mas nem total, nem fornecedor, nem itens.",
        "retake_tips": "📸 Dicas: coloque o recibo plano e bem iluminado, ocupando a foto toda, com o celular reto por cima e sem sombras nem tremidos.",
        "help": (
            "*Veja o que pode me perguntar* 🧾\n"
            "• Envie uma foto ou PDF de uma fatura ou recibo\n"
            "• _Quanto gastei no mês passado?_\n"
            "• _Quanto na Galp em março?_ · _com combustível este ano?_\n"
            "• _Quantas faturas esta semana?_ · _média_ · _imposto pago em 2025_\n"
            "• _Principais fornecedores_ · _maior fatura_\n"
            "• _Mostrar as últimas 5 faturas_ · _mostrar #3_\n"
            "• _O total da #3 é 45,10_ · _o fornecedor da última é Galp_\n"
            "• _Apaga a #3_ · _desfazer_ · _manter_ (um duplicado assinalado)\n"
            "• _Exportar março em CSV_ · _apagar meus dados_"
        ),
        "greeting": "Olá! 👋 Envie uma foto ou PDF de uma fatura, ou pergunte sobre os seus gastos. Escreva *ajuda* para ver ideias.",
        "thanks": "De nada! 🙌",
        "unknown": "Desculpe, não entendi. 🤔 Experimente _quanto gastei este mês?_ ou escreva *ajuda*.",
        "spent": "Você gastou *{amount}* ({count}).",
        "spent_multi": "Você gastou:",
        "count": "Você tem *{count}*.",
        "average": "Média por fatura: *{amount}* ({count}).",
        "tax": "Impostos pagos: *{amount}* ({count}).",
        "tax_multi": "Impostos pagos:",
        "average_multi": "Média por fatura:",
        "no_category_tax": "Os impostos não são discriminados por categoria, então não consigo calculá-los para _{category}_.",
        "nothing": "Não encontrei faturas.",
        "unmatched_vendor": "Não encontrei faturas de _{name}_.",
        "unmatched_category": "Não encontrei itens na categoria _{name}_.",
        "invoice_one": "{n} fatura",
        "invoice_other": "{n} faturas",
        "top_vendors": "*Principais fornecedores*",
        "biggest": "*Maior fatura*",
        "list": "*Suas faturas*",
        "list_more": "…e mais {n}. Peça _mostrar #N_ para ver os detalhes.",
        "duplicate_mark": "⚠️ duplicada",
        "duplicate_note": "⚠️ Parece um duplicado da #{seq}; não é contada. Responda *manter* para contá-la.",
        "date": "Data",
        "number": "N.º",
        "total": "Total",
        "tax_label": "impostos",
        "items": "Itens",
        "items_more": "…e mais {n} itens",
        "no_vendor": "Fornecedor desconhecido",
        "not_found": "Não encontrei essa fatura. Envie _mostrar as últimas 5 faturas_ para ver os números.",
        "not_found_listed": "Qual? Peça uma lista primeiro ou use o número, como _#3_.",
        "field_vendor": "fornecedor",
        "field_total": "total",
        "field_tax": "imposto",
        "field_date": "data",
        "field_number": "número da fatura",
        "field_currency": "moeda",
        "corrected": "✅ Atualizei o campo {field} da *#{seq}*.",
        "invalid_amount": "Isso não parece um valor. Experimente _o total da #{seq} é 45,10_.",
        "invalid_date": "Isso não parece uma data válida. Experimente _a data da #{seq} é 05/03/2025_.",
        "invalid_currency": "Não conheço essa moeda. Use um código como EUR, USD ou BRL.",
        "invalid_text": "Esse valor não serve para o campo {field}.",
        "tax_above_total": "O imposto não pode ser maior que o total ({amount}).",
        "deleted": "🗑️ Apaguei a *#{seq}*{what}. Responda *desfazer* para recuperá-la.",
        "undone": "↩️ Recuperei a *#{seq}*{what}.",
        "nothing_to_undo": "Não há nada para desfazer.",
        "kept": "✅ Mantive a *#{seq}*{what}: agora conta nos seus totais.",
        "not_duplicate": "A *#{seq}* não está assinalada como duplicada; já conta.",
        "export_unavailable": "As exportações não estão disponíveis agora. Tente mais tarde.",
        "delete_data_confirm": (
            "⚠️ Isto apaga *todas* as suas faturas, arquivos e mensagens, e não pode ser desfeito.\n"
            "Responda *sim* para apagar tudo ou *não* para cancelar."
        ),
        "delete_data_cancelled": "Ok, nada foi apagado.",
        "delete_data_unavailable": "Não consigo apagar os seus dados agora. Tente mais tarde.",
        "nothing_to_confirm": "Não há nada à espera de confirmação.",
    },
    "fr": {
        "saved": "✅ *Enregistrée sous #{seq}*",
        "saved_items": "{n} articles",
        "saved_hint": "💬 Demandez _montre #{seq}_, _combien ce mois-ci ?_ ou _supprime-la_.",
        "warnings": "⚠️ À vérifier :",
        "unreadable": "😕 Je n'ai pas pu lire ce document.",
        "unreadable_corrupt": "Le fichier semble endommagé. Pouvez-vous le renvoyer ?",
        "unreadable_encrypted": "Le PDF est protégé par un mot de passe. Envoyez une copie sans mot de passe.",
        "unreadable_too_large": "Le fichier est trop volumineux. Envoyez une photo ou un PDF plus petit.",
        "unreadable_too_many_pages": "Le PDF a trop de pages (j'en lis {pages} au maximum). Envoyez seulement les pages de la facture.",
        "unreadable_unsupported_type": "Je ne lis que les photos (JPEG, PNG, WebP) et les PDF.",
        "unreadable_no_text": "Je n'y ai trouvé aucun texte.",
        "unreadable_no_fields": "J'ai trouvé du texte, mais ni total, ni fournisseur, ni articles.",
        "retake_tips": "📸 Conseils : posez le ticket à plat, bien éclairé, qu'il remplisse la photo, téléphone bien au-dessus, sans ombre ni flou.",
        "no_category_tax": "La taxe n'est pas détaillée par catégorie : je ne peux pas la calculer pour _{category}_.",
        "unmatched_category": "Je n'ai trouvé aucun article dans la catégorie _{name}_.",
        "list_more": "…et {n} de plus. Demandez _montre #N_ pour le détail.",
        "duplicate_mark": "⚠️ doublon",
        "duplicate_note": "⚠️ Semble être un doublon de #{seq} ; elle n'est pas comptée. Répondez *garde-la* pour la compter.",
        "total": "Total",
        "items_more": "…et {n} articles de plus",
        "no_vendor": "Fournisseur inconnu",
        "not_found": "Je n'ai pas trouvé cette facture. Envoyez _mes 5 dernières factures_ pour voir leurs numéros.",
        "not_found_listed": "Laquelle ? Demandez d'abord une liste, ou utilisez son numéro, comme _#3_.",
        "field_vendor": "fournisseur",
        "field_total": "total",
        "field_tax": "taxe",
        "field_date": "date",
        "field_number": "numéro de facture",
        "field_currency": "devise",
        "invalid_amount": "Ce n'est pas un montant. Essayez _le total de #{seq} est 45,10_.",
        "invalid_date": "Ce n'est pas une date valide. Essayez _la date de #{seq} est 05/03/2025_.",
        "invalid_currency": "Je ne connais pas cette devise. Utilisez un code comme EUR, USD ou CHF.",
        "invalid_text": "Cette valeur ne convient pas pour le champ {field}.",
        "tax_above_total": "La taxe ne peut pas dépasser le total ({amount}).",
        "nothing_to_undo": "Il n'y a rien à annuler.",
        "not_duplicate": "*#{seq}* n'est pas marquée comme doublon ; elle est déjà comptée.",
        "export_unavailable": "Les exports ne sont pas disponibles pour le moment. Réessayez plus tard.",
        "delete_data_unavailable": "Je ne peux pas supprimer vos données pour le moment. Réessayez plus tard.",
        "nothing_to_confirm": "Rien n'attend de confirmation.",
        "help": (
            "*Voici ce que vous pouvez me demander* 🧾\n"
            "• Envoyez une photo ou un PDF de facture ou de ticket\n"
            "• _Combien ai-je dépensé le mois dernier ?_\n"
            "• _Combien chez Total en mars ?_ · _en carburant cette année ?_\n"
            "• _Combien de factures cette semaine ?_ · _moyenne_ · _TVA payée en 2025_\n"
            "• _Principaux fournisseurs_ · _plus grosse facture_\n"
            "• _Montre mes 5 dernières factures_ · _montre #3_\n"
            "• _Supprime #3_ · _annule la suppression_ · _garde-la_\n"
            "• _Exporter mars en CSV_ · _supprimer mes données_"
        ),
        "greeting": "Bonjour ! 👋 Envoyez-moi une facture ou posez une question sur vos dépenses. Tapez *aide* pour des idées.",
        "thanks": "Avec plaisir ! 🙌",
        "unknown": "Désolé, je n'ai pas compris. 🤔 Essayez _combien ai-je dépensé ce mois-ci ?_ ou tapez *aide*.",
        "spent": "Vous avez dépensé *{amount}* ({count}).",
        "spent_multi": "Vous avez dépensé :",
        "count": "Vous avez *{count}*.",
        "average": "Moyenne par facture : *{amount}* ({count}).",
        "tax": "Taxes payées : *{amount}* ({count}).",
        "tax_multi": "Taxes payées :",
        "average_multi": "Moyenne par facture :",
        "nothing": "Aucune facture trouvée.",
        "unmatched_vendor": "Aucune facture de _{name}_.",
        "unmatched_category": "Aucun article dans la catégorie _{name}_.",
        "invoice_one": "{n} facture",
        "invoice_other": "{n} factures",
        "top_vendors": "*Principaux fournisseurs*",
        "biggest": "*Plus grosse facture*",
        "list": "*Vos factures*",
        "date": "Date",
        "number": "N°",
        "items": "Articles",
        "tax_label": "taxes",
        "deleted": "🗑️ *#{seq}*{what} supprimée. Répondez *annuler la suppression* pour la récupérer.",
        "undone": "↩️ *#{seq}*{what} restaurée.",
        "kept": "✅ *#{seq}*{what} conservée : elle compte maintenant dans vos totaux.",
        "corrected": "✅ {field} de *#{seq}* mis à jour.",
        "delete_data_confirm": (
            "⚠️ Cela supprime *toutes* vos factures, fichiers et messages, définitivement.\n"
            "Répondez *oui* pour tout supprimer ou *non* pour annuler."
        ),
        "delete_data_cancelled": "D'accord, rien n'a été supprimé.",
    },
    "de": {
        "saved": "✅ *Gespeichert als #{seq}*",
        "saved_items": "{n} Positionen",
        "saved_hint": "💬 Frag _zeige #{seq}_, _wie viel diesen Monat?_ oder _lösche sie_.",
        "warnings": "⚠️ Bitte prüfen:",
        "unreadable": "😕 Ich konnte das Dokument nicht lesen.",
        "unreadable_corrupt": "Die Datei scheint beschädigt zu sein. Kannst du sie noch einmal senden?",
        "unreadable_encrypted": "Das PDF ist passwortgeschützt. Bitte sende eine Kopie ohne Passwort.",
        "unreadable_too_large": "Die Datei ist zu groß. Bitte sende ein kleineres Foto oder PDF.",
        "unreadable_too_many_pages": "Das PDF hat zu viele Seiten (ich lese höchstens {pages}). Bitte sende nur die Rechnungsseiten.",
        "unreadable_unsupported_type": "Ich kann nur Fotos (JPEG, PNG, WebP) und PDFs lesen.",
        "unreadable_no_text": "Ich habe darin keinen Text gefunden.",
        "unreadable_no_fields": "Ich habe Text gefunden, aber keinen Betrag, Händler oder Positionen.",
        "retake_tips": "📸 Tipps: Beleg flach und gut beleuchtet hinlegen, Bild ausfüllen, Handy gerade darüber halten, ohne Schatten und Verwackeln.",
        "no_category_tax": "Die Steuer ist nicht nach Kategorien aufgeschlüsselt, daher kann ich sie für _{category}_ nicht berechnen.",
        "unmatched_category": "Keine Positionen in der Kategorie _{name}_ gefunden.",
        "list_more": "…und {n} weitere. Frag _zeige #N_ für Details.",
        "duplicate_mark": "⚠️ Duplikat",
        "duplicate_note": "⚠️ Sieht aus wie ein Duplikat von #{seq}; es zählt nicht mit. Antworte *behalten*, damit es zählt.",
        "total": "Summe",
        "items_more": "…und {n} weitere Positionen",
        "no_vendor": "Unbekannter Händler",
        "not_found": "Diese Rechnung habe ich nicht gefunden. Schick _meine letzten 5 Rechnungen_, um ihre Nummern zu sehen.",
        "not_found_listed": "Welche? Lass dir zuerst eine Liste zeigen oder nutze die Nummer, z. B. _#3_.",
        "field_vendor": "Händler",
        "field_total": "Betrag",
        "field_tax": "Steuer",
        "field_date": "Datum",
        "field_number": "Rechnungsnummer",
        "field_currency": "Währung",
        "corrected": "✅ {field} von *#{seq}* aktualisiert.",
        "invalid_amount": "Das sieht nicht nach einem Betrag aus. Versuch _Betrag von #{seq} ist 45,10_.",
        "invalid_date": "Das ist kein gültiges Datum. Versuch _Datum von #{seq} ist 05.03.2025_.",
        "invalid_currency": "Diese Währung kenne ich nicht. Nutze einen Code wie EUR, USD oder CHF.",
        "invalid_text": "Dieser Wert passt nicht für das Feld {field}.",
        "tax_above_total": "Die Steuer kann nicht höher als der Betrag sein ({amount}).",
        "nothing_to_undo": "Es gibt nichts rückgängig zu machen.",
        "not_duplicate": "*#{seq}* ist nicht als Duplikat markiert; sie zählt schon mit.",
        "export_unavailable": "Exporte sind gerade nicht verfügbar. Bitte versuch es später noch einmal.",
        "delete_data_unavailable": "Ich kann deine Daten gerade nicht löschen. Bitte versuch es später noch einmal.",
        "nothing_to_confirm": "Es wartet nichts auf eine Bestätigung.",
        "help": (
            "*Das kannst du mich fragen* 🧾\n"
            "• Schick ein Foto oder PDF einer Rechnung oder Quittung\n"
            "• _Wie viel habe ich letzten Monat ausgegeben?_\n"
            "• _Wie viel bei Aral im März?_ · _für Kraftstoff dieses Jahr?_\n"
            "• _Wie viele Rechnungen diese Woche?_ · _Durchschnitt_ · _MwSt 2025_\n"
            "• _Top Lieferanten_ · _größte Rechnung_\n"
            "• _Zeig meine letzten 5 Rechnungen_ · _zeig #3_\n"
            "• _Lösche #3_ · _rückgängig_ · _behalten_\n"
            "• _März als CSV exportieren_ · _meine Daten löschen_"
        ),
        "greeting": "Hallo! 👋 Schick mir eine Rechnung oder frag nach deinen Ausgaben. Schreib *Hilfe* für Ideen.",
        "thanks": "Gern geschehen! 🙌",
        "unknown": "Sorry, das habe ich nicht verstanden. 🤔 Versuch _wie viel habe ich diesen Monat ausgegeben?_ oder *Hilfe*.",
        "spent": "Du hast *{amount}* ausgegeben ({count}).",
        "spent_multi": "Du hast ausgegeben:",
        "count": "Du hast *{count}*.",
        "average": "Durchschnitt pro Rechnung: *{amount}* ({count}).",
        "tax": "Gezahlte Steuern: *{amount}* ({count}).",
        "tax_multi": "Gezahlte Steuern:",
        "average_multi": "Durchschnitt pro Rechnung:",
        "nothing": "Keine Rechnungen gefunden.",
        "unmatched_vendor": "Keine Rechnungen von _{name}_ gefunden.",
        "invoice_one": "{n} Rechnung",
        "invoice_other": "{n} Rechnungen",
        "top_vendors": "*Top-Lieferanten*",
        "biggest": "*Größte Rechnung*",
        "list": "*Deine Rechnungen*",
        "date": "Datum",
        "number": "Nr.",
        "items": "Positionen",
        "tax_label": "Steuer",
        "deleted": "🗑️ *#{seq}*{what} gelöscht. Antworte *rückgängig*, um sie wiederherzustellen.",
        "undone": "↩️ *#{seq}*{what} wiederhergestellt.",
        "kept": "✅ *#{seq}*{what} behalten: sie zählt jetzt mit.",
        "delete_data_confirm": (
            "⚠️ Das löscht *alle* deine Rechnungen, Dateien und Nachrichten endgültig.\n"
            "Antworte *ja* zum Löschen oder *nein* zum Abbrechen."
        ),
        "delete_data_cancelled": "Okay, nichts wurde gelöscht.",
    },
}


def text(language: str, key: str, **values: object) -> str:
    """The message ``key`` in ``language`` (English when missing), with ``values`` filled in."""
    template = CATALOG.get(language, {}).get(key) or CATALOG["en"][key]
    return template.format(**values) if values else template
