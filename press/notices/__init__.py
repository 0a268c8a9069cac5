"""Paid newspaper notices (gazete ilanları): the register, its status flow, its highlighted
overdue proofs and unpaid invoices, and the cost report. Models keep app_label "press"."""
