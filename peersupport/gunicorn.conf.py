"""gunicorn settings: an access log with secrets in URLs masked (peersupport.log_masking)."""

accesslog = "-"
logger_class = "peersupport.log_masking.MaskingGunicornLogger"
