"""Start the LTI Bootcamp platform (../shared/lti-platforms/ltibootcamp/server)
unchanged, on loopback, for Clio's end-to-end LTI test (bootcamp_test.go).

    /usr/bin/python3 run_platform.py SERVER_DIR PORT [CORRECTIONS]

Nothing of the platform is copied: it is imported from SERVER_DIR. Two things
are done around it:

- Debian ships PyCryptodome as the package Cryptodome; the platform imports
  Crypto. Crypto is made an alias of Cryptodome before the import.
- CORRECTIONS (comma-separated, default none) turns on corrections of the
  platform's departures from the LTI 1.3 specifications, each named after
  the deviation it corrects, so the test can run the whole flow through it
  and, without a correction, show how Clio refuses the departure. Each is
  described in bootcamp_test.go and in the README ("Tested against").
"""

import base64
import sys

import Cryptodome

sys.modules["Crypto"] = Cryptodome

server_dir, port = sys.argv[1], int(sys.argv[2])
corrections = set(filter(None, (sys.argv[3] if len(sys.argv) > 3 else "").split(",")))
known = {"message-type", "target-link-uri", "deep-link-settings", "deep-link-jwt",
         "bearer", "delete-line-item", "nrps-v2"}
unknown = corrections - known
if unknown:
    sys.exit("unknown corrections: " + ", ".join(sorted(unknown)))
sys.path.insert(0, server_dir)

import lti_platform  # noqa: E402  (the platform, unchanged)
from flask import request  # noqa: E402
from ltiplatform import tool as tool_module  # noqa: E402
from ltiplatform.ltiutil import fc, fdlc  # noqa: E402

app = lti_platform.app

# LTI Core 1.3 names the messages LtiResourceLinkRequest and
# LtiDeepLinkingRequest; the platform sends LTIResourceLinkLaunch and
# LTIDeepLinkingRequest. Its resource link launches also lack the required
# target_link_uri claim, and its deep linking settings lack the required
# deep_link_return_url (the return URL is only in launch_presentation) and
# offer the type "ltiLink" instead of "ltiResourceLink".
MESSAGE_TYPES = {"LTIResourceLinkLaunch": "LtiResourceLinkRequest",
                 "LTIDeepLinkingRequest": "LtiDeepLinkingRequest"}
original_message = tool_module.Tool.message


def message(self, message_type, course, member, msg, return_url, request_url=None,
            resource_link=None, nonce=None):
    if "message-type" in corrections:
        message_type = MESSAGE_TYPES.get(message_type, message_type)
    root = request_url.rstrip("/") if request_url else self.platform.url
    if "target-link-uri" in corrections and resource_link is not None and resource_link.url:
        msg[fc("target_link_uri")] = resource_link.url
    settings = msg.get(fdlc("deep_linking_settings"))
    if "deep-link-settings" in corrections and settings is not None:
        settings["deep_link_return_url"] = root + return_url
        settings["accept_types"] = ["ltiResourceLink"]
    return original_message(self, message_type, course, member, msg, return_url,
                            request_url=request_url, resource_link=resource_link, nonce=nonce)


tool_module.Tool.message = message

# Deep Linking 2.0: the tool posts its response in the form parameter JWT;
# the platform reads jws_token.
original_dlr = app.view_functions["content_item_return"]


def content_item_return(context_id):
    if "deep-link-jwt" in corrections and "jws_token" not in request.form and "JWT" in request.form:
        form = request.form.copy()
        form["jws_token"] = form["JWT"]
        request.form = form
    return original_dlr(context_id)


app.view_functions["content_item_return"] = content_item_return

# RFC 6750: the bearer token is sent as issued. The platform base64-decodes
# the Authorization header's token before looking it up, so a token sent as
# issued is a 500.
import accesstoken.token_manager as token_manager  # noqa: E402


class _Base64AcceptingIssuedTokens:
    @staticmethod
    def b64decode(value):
        if "bearer" in corrections and value.startswith("tk"):
            return value.encode()
        return base64.b64decode(value)


token_manager.base64 = _Base64AcceptingIssuedTokens

# DELETE of a line item compares the stored integer id with the URL's
# string id, so it answers 200 and deletes nothing.
from course import course_manager  # noqa: E402

original_remove = course_manager.Course.remove_lineitem


def remove_lineitem(self, item_id):
    if "delete-line-item" in corrections:
        self.lineitems = [li for li in self.lineitems if str(li.id) != str(item_id)]
        return
    original_remove(self, item_id)


course_manager.Course.remove_lineitem = remove_lineitem


# The platform has no page where a teacher deletes a gradebook column, as
# every LMS has; this stands in for it, using the course's own removal.
@app.route("/course/<course_id>/lineitems/<item_id>", methods=["DELETE"])
def teacher_deletes_column(course_id, item_id):
    lti_platform.platform.get_course(course_id).remove_lineitem(item_id)
    return ""


# Names and Role Provisioning Services 2.0 answers with a membership
# container {id, context, members: [{user_id, roles, status, name, ...}]};
# the platform answers in the older LIS v2 JSON-LD container
# (pageOf.membershipSubject.membership[].member.userId, role) of LTI 1.x's
# Membership Service.
from users import user_manager  # noqa: E402

original_roster_json = user_manager.Roster.to_json


def roster_json(self, base_url):
    if "nrps-v2" not in corrections:
        return original_roster_json(self, base_url)
    course = self.context
    return {
        "id": "{0}/{1}/memberships".format(base_url, course.id),
        "context": {"id": course.id, "label": course.context["label"], "title": course.context["title"]},
        "members": [{
            "status": "Active",
            "user_id": m.user.id,
            "name": m.user.fullname,
            "given_name": m.user.given_name,
            "family_name": m.user.family_name,
            "email": m.user.email,
            "roles": [m.role],
        } for m in self.roster],
    }


user_manager.Roster.to_json = roster_json

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=port, threaded=True)
