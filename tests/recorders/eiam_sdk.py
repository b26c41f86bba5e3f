# Records the raw requests the official Python SDK sends, for the expected
# strings of tests/tests/wire.rs (EIAM). Run on a machine with the registry:
#   python3 -m venv /tmp/pyrec && /tmp/pyrec/bin/pip install alibabacloud-eiam20211201==3.0.1
#   /tmp/pyrec/bin/python tests/recorders/eiam_sdk.py
# It starts a loopback HTTP server, points the SDK at it and prints each
# request's line, content type and body as JSON, one call per line.

import http.server, threading, json, sys
from alibabacloud_eiam20211201.client import Client
from alibabacloud_eiam20211201 import models as m
from alibabacloud_tea_openapi import models as om
from alibabacloud_tea_util import models as um

got = []
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get('content-length') or 0)
        body = self.rfile.read(n).decode()
        got.append({"line": self.requestline, "content_type": self.headers.get('content-type'), "body": body})
        out = b'{"RequestId":"r1"}'
        self.send_response(200); self.send_header('content-type','application/json'); self.send_header('content-length', str(len(out))); self.end_headers(); self.wfile.write(out)
    def log_message(self, *a): pass
srv = http.server.HTTPServer(('127.0.0.1', 0), H)
threading.Thread(target=srv.serve_forever, daemon=True).start()
cfg = om.Config(access_key_id='key-id', access_key_secret='key-secret', endpoint=f'127.0.0.1:{srv.server_port}', protocol='HTTP', region_id='cn-hangzhou')
c = Client(cfg)
rt = um.RuntimeOptions()
def call(name, req):
    getattr(c, name + '_with_options')(req, rt)
    r = got.pop(); r["call"] = name; print(json.dumps(r, ensure_ascii=False))

call('create_user', m.CreateUserRequest(instance_id='idaas_x', username='alice', primary_organizational_unit_id='ou_1', display_name='Alice A', password='p@ss',
    organizational_unit_ids=['ou_1', 'ou_2'],
    custom_fields=[m.CreateUserRequestCustomFields(field_name='age', field_value='10'), m.CreateUserRequestCustomFields(field_name='city', field_value='Hangzhou')],
    password_initialization_config=m.CreateUserRequestPasswordInitializationConfig(password_initialization_policy_priority='custom', password_forced_update_status='enabled', user_notification_channels=['sms', 'email'], password_initialization_type='random')))
call('create_authorization_resource', m.CreateAuthorizationResourceRequest(instance_id='idaas_x', authorization_rule_id='ar_1',
    authorization_resource_entity_id='app_1', authorization_resource_entity_type='cloud_account_role', client_token='tok-1'))
