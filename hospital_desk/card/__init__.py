"""The NSSF card: QR format v1 (CARD_QR.md), offline verification, trust list, issuing.

verify.verify_text(text, VerifyContext) -> CardResult     pure: no database
reader.read_card(connection, text, today, roots, ...)     the desk's reader + scan log
trust.install_trust_list / held_trust_list                the signed list of card keys
issue.issue_qr_text(member, key, kid, issued)             the issuing side
pki.make_demo_pki(today)                                  test keys (never production)
decode.decode_image / decode_gray                         QR codes from images/frames
render.render_card                                        printable card, PNG/PDF
"""
