#!/usr/bin/env python3
# Vendored from the team's shared tools (shared/tools/moto-fast.py) so that a fresh clone has it, plus patches 9 to 22
# and an opt-in profile of its own CPU.
"""moto_server with four SQS hot-path patches, Step Functions fixes and speed-ups, atomic DynamoDB writes,
compiled-once JSONPath and HTTP keep-alive (moto 5.2.1).

Stock moto recomputes *all* queue attributes - including the three
ApproximateNumberOfMessages* counters, each an O(backlog) scan that builds
datetime objects per message - whenever any code path reads `queue.attributes`.
SendMessage reads it 2-4x per message, ReceiveMessage ~3x per *returned*
message (retention check). Throughput therefore collapses as the backlog grows
(measured: 8k backlog -> 156 ms per SendMessage, 4.6 s per ReceiveMessage).

Patches (semantics unchanged):
  1. Queue.attributes returns a dict whose counters are computed lazily.
  2. retention check reads queue.message_retention_period directly.
  3. Queue.messages evaluates "now" once instead of twice per message.
  4. Queue.delete_message does one pass instead of two (still O(backlog)).

Emulating CloudWatch's queue metric (not a speed-up; see _get_queue_attributes):
  8. GetQueueAttributes answers ApproximateAgeOfOldestMessage when asked for it by name; a delayed message counts
     from when its delay runs out, not while it is delayed.

Step Functions fixes (server mode; execution itself is switched on by
POST /moto-api/config {"stepfunctions": {"execute_state_machine": true}}, see moto.sh):
  5. StateMachine.__deepcopy__ shares the backend and starts the copy with no executions. StartExecution
     deep-copies the state machine; stock moto copies its backend and past executions' threads too, and the
     second execution of a state machine answers 500 "cannot pickle '_thread.RLock'".
  6. StartExecution without a name gets a uuid4, as on AWS; stock moto names them all "None", so the second
     one is ExecutionAlreadyExists.
  7. A Map iteration that fails with a States.* error (States.Timeout of a task inside it) passes that error
     on to the Map's Retry/Catch, as AWS does; stock moto turns it into States.Runtime ("Custom Error Names
     MUST NOT begin with the prefix 'States.'").

DynamoDB fix:
  9. Writes (PutItem, UpdateItem, DeleteItem, BatchWriteItem, TransactWriteItems) run one at a time. Stock moto
     serves requests on several threads and evaluates a ConditionExpression, then writes, without a lock: two
     conditional writes on one item from the same version could both succeed (measured: 1 of 30 races of four
     writers), where DynamoDB lets exactly one through. The cart's optimistic versions rely on that.

FIFO order fix:
  11. Messages of one FIFO group whose visibility timeout ran out together are delivered again in their order. Stock
      moto frees a timed-out message from its in-flight set only when its receive loop reaches it, and skips the
      earlier ones of the group while a later one is still marked in flight: the later one goes out first (seen in
      CompetingConsumersIT: a consumer killed with two orders of one customer in flight, the survivor charged them
      in reverse). AWS never reorders a group. Each receive pass releases the timed-out messages before it looks, so
      a long poll that was waiting when a group's timeout ran out receives the group in that poll, as on SQS (stock
      moto kept skipping it for the rest of the poll). A timed-out message is offered only once a pass has freed it:
      stock moto freed it mid-loop and handed out the rest of its group alone, so a message that timed out just after
      the release overtook the poison ahead of it (MessagingReliabilityIT). HostStackIT proves all three.

FIFO long-poll fix:
  12. A long poll on a FIFO queue waits for a message it could hand out: visible, and none of its group in flight.
      Stock moto waits for any visible message, so while a consumer held one message of a group and the next one
      waited, every other long poll on the queue returned from its wait at once and spun a core for its whole 20 s
      (benchmarks/emulator-costs.py: 4.0 s of emulator CPU in a 4-s poll on a blocked group, 0.01 s patched; the
      emulator was the soak's bottleneck). A delete and a visibility change wake the waiting polls (stock moto wakes
      them only on a send).

JSONPath speed-up (EventBridge and Step Functions):
  10. JSONPath expressions are compiled once per distinct path. Stock moto compiles each one at every use, and
      jsonpath_ng builds its whole LALR parser for each compile (about 40 ms): EventBridge compiles eight paths
      per rule target per event (the archive is a target of every event), Step Functions one per InputPath,
      ResultPath, OutputPath and Parameters path of every state it runs. Measured on 2 cores: one PutEvents of
      one low-value OrderPlaced on the securecart bus took 187 ms (10 entries: 1.7 s), an SQS send 6 ms.

Step Functions parsing speed-up:
  13. A state machine's definition is parsed once, not at every execution. Stock moto runs its ANTLR parser (pure
      Python) over the whole definition for each StartExecution: 58 ms of CPU for
      infra/statemachines/fulfillment.asl.json, 8 ms patched (benchmarks/emulator-costs.py). The syntax tree is
      cached; each execution still builds its own components from it, reading each node's text kept with the tree
      (ANTLR rebuilds it from the node's descendants at every getText: 5.7 ms per execution, 2.5 kept). Intrinsic
      functions (States.Format and the like) the same way.

Step Functions integration speed-up:
  14. A task's service integration (sqs:sendMessage.waitForTaskToken and the others) reuses one AWS client per
      region and service. Stock moto builds a new boto3 client for every task it runs, which searches botocore's data
      directories, copies the event hooks and opens a new connection (with a DNS lookup of localhost) back to
      itself: in a profile of `./securecart bench steady`, client creation and connection set-up were the largest
      CPU costs of the execution threads apart from the ASL visitor. Measured figures: benchmarks/measurements.md.

Step Functions callbacks:
  16. SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat find the task token's execution in an index (token ->
      execution, filled as tasks and executions start). Stock moto lists every execution ever started in the region
      and tries the token on each: a cost that grows with every order, seven calls or more per order here, so a long run
      or a 10,000-order backlog got slower as it went. A token the index does not know gets stock's scan.
  17. Step Functions lets go of what only running tasks need. Stock moto appends every thread it starts (14 for a
      fulfilment execution) to a module-level list that nothing reads, about 2 KB each, and
      keeps a finished execution's callback endpoints (each task's events, conditions and locks, about 110 objects
      per fulfilment execution), all until the process exits. A finished execution keeps its history and output.
      SendTaskFailure for a task of a finished execution now answers InvalidToken, as SendTaskSuccess and
      SendTaskHeartbeat already did (stock answered it with success and did nothing; AWS answers TaskTimedOut).
  22. A task answered before Step Functions began to wait for its answer succeeds. With HeartbeatSeconds on the task,
      stock moto sends the task's message, then sets up the heartbeat wait: a SendTaskSuccess that came in between
      (a quick worker whose long poll the message woke) stored the answer but woke nothing, the wait ran its whole
      HeartbeatSeconds and the task failed with a timeout. The fulfilment workflow's Retry then ran the step again,
      60 s later: 3 of 240 orders in a steady benchmark, its p99 of 62 s. A worker answering each task at once
      failed a quarter of the executions (HostStackIT). The heartbeat wait now starts woken if the answer is there,
      and an attempt's answer is forgotten once taken: a Retry keeps the token and its endpoint, and would otherwise
      take the failed attempt's answer again (FulfillmentWorkflowIT's retried warehouse failures caught that).

Memory:
  18. moto's record of every model instance it ever made (InstanceTrackerMeta.instances_tracked, for its dashboard at
      /moto-api/) holds them weakly: it lists the instances still alive. Stock moto keeps every object it ever made,
      deleted SQS messages included, until the process exits.
  With 17 and 18, a finished fulfilment execution (7 tasks) leaves about 133 objects behind instead of 512, and the
  emulator grows by about 59 KB per execution instead of 137 (benchmarks/measurements.md, "The emulator's own costs"):
  fewer objects for each full garbage collection to walk, with every thread stopped meanwhile.

Per-request overhead (every service, every action):
  19. Routing a request reads nothing from the disk: stock moto lists its package directory (about 180 system calls)
      twice per request under the lock every request's routing takes, then tries its URL patterns in turn, and lists
      the response class's methods with inspect for every action. Read once, remembered per host and per class.
  20. Snake-case names are computed once per name, and receipt handles and request ids are drawn with one choices()
      call from moto's own seeded generator instead of one choice() per character.
  21. The garbage collector leaves the objects moto's imports made alone (gc.freeze() once the services named in
      MOTO_FAST_PRELOAD are imported) and collects its young generation every 10,000 allocations instead of 700.
      MOTO_FAST_GC=off keeps stock Python's collector.
  Together (19, 20): 6.9 ms of emulator CPU for a SendMessage, a ReceiveMessage and a DeleteMessage, 2.9 ms patched
  (one boto3 client in a loop; benchmarks/measurements.md, "The emulator's own costs").

HTTP keep-alive:
  15. The server keeps a connection open after a request whose body has a known length. Werkzeug's development server
      closes every connection (it cannot drain a body the application did not read before the next request line), so
      each of the services' requests paid a new TCP connection in the SDK and a new server thread here: in the steady
      benchmark 8,100 connections for about 11,000 requests, 126 with the patch. The body is read through a bounded
      stream and drained after the response; a chunked body still closes its connection. TCP_NODELAY on, as a kept
      connection otherwise waits 40 ms per response for the client's delayed ACK.

Where the emulator's CPU goes (instrumentation, no patch; opt-in):
  MOTO_FAST_PROFILE=<file> sums each request's thread CPU time by service and action, and each thread that ends by
  what it ran (Step Functions' execution and task threads, the HTTP server's connection threads), and writes the
  totals with the process's CPU time, the threads alive by what they run, the objects the garbage collector tracks
  and its pauses by generation to <file> (JSON) every 5 s. MOTO_FAST_PROFILE_THREADS=<qualname>,... also
  runs those threads under cProfile, summed into <file>.threads.txt (slow: for finding hot spots, not for figures).
  `MOTO_FAST_PROFILE=/tmp/moto.json ./securecart bench steady` passes it through to the stack's moto.

Usage: python3 moto-fast.py -H 127.0.0.1 -p 4567   (same arguments as moto_server)

Written against moto 5.2.1. On any other moto version it applies no patch, says so on stderr, and
runs stock moto_server, so it is always safe to call.
"""
import json
import os
import sys
from importlib.metadata import version

import moto.sqs.models as m
from moto.core.utils import camelcase_to_underscores, unix_time, unix_time_millis

_COUNTERS = {
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesNotVisible",
    "ApproximateNumberOfMessagesDelayed",
}


class _LazyAttrs(dict):
    """dict whose ApproximateNumberOfMessages* values are computed on first access."""

    def __init__(self, queue, data):
        super().__init__(data)
        self._queue = queue
        self._pending = {k for k in _COUNTERS if k in data}

    def _resolve(self, key):
        if key in self._pending:
            self._pending.discard(key)
            dict.__setitem__(self, key, getattr(self._queue, camelcase_to_underscores(key)))

    def __getitem__(self, key):
        self._resolve(key)
        return dict.__getitem__(self, key)

    def get(self, key, default=None):
        self._resolve(key)
        return dict.get(self, key, default)

    def resolved(self):
        for k in list(self._pending):
            self._resolve(k)
        return dict(self)

    def items(self):
        return self.resolved().items()

    def values(self):
        return self.resolved().values()

    def copy(self):
        return self.resolved()


def _attributes(self):
    result = {}
    for attribute in self.BASE_ATTRIBUTES:
        result[attribute] = None if attribute in _COUNTERS else getattr(self, camelcase_to_underscores(attribute))
    if self.fifo_queue:
        for attribute in self.FIFO_ATTRIBUTES:
            result[attribute] = getattr(self, camelcase_to_underscores(attribute))
    if self.kms_master_key_id:
        for attribute in self.KMS_ATTRIBUTES:
            result[attribute] = getattr(self, camelcase_to_underscores(attribute))
    if self.policy:
        result["Policy"] = self.policy
    if self.redrive_policy:
        result["RedrivePolicy"] = json.dumps(self.redrive_policy)
    for key in result:
        if isinstance(result[key], bool):
            result[key] = str(result[key]).lower()
    return _LazyAttrs(self, result)


def _release_timed_out(queue, now):
    """Patch 11: every pending message of a FIFO queue whose visibility timeout ran out is pending no more."""
    for message in [message for message in queue._pending_messages if now > message.visible_at]:
        queue._pending_messages.discard(message)


def _visible_messages(queue):
    now = unix_time_millis()
    return [msg for msg in queue._messages if now > msg.visible_at and not now < msg.delayed_until]


def _messages(self):
    # Patch 11: a FIFO message whose visibility timeout ran out is offered only once _release_timed_out has freed it.
    # Stock moto frees it in the middle of its receive loop and then hands out the rest of its group, skipping the
    # earlier messages it already passed over: a timeout that runs out between the release and the loop reordered
    # a group (seen in MessagingReliabilityIT: a message behind a poison went out before it).
    visible = _visible_messages(self)
    if self.fifo_queue and self._pending_messages:
        return [msg for msg in visible if msg not in self._pending_messages]
    return visible


def _approximate_number_of_messages(self):
    return len(_visible_messages(self))


_orig_get_queue_attributes = m.SQSBackend.get_queue_attributes

# Not an SQS attribute: on AWS, ApproximateAgeOfOldestMessage is a CloudWatch metric of the queue (AWS/SQS). The
# local stack has no CloudWatch (moto's does not speak the SDK's protocol), and a consumer cannot read a message's
# SentTimestamp without receiving it, which counts towards the DLQ's maxReceiveCount. So the broker, which knows
# when each message arrived, answers it here, asked by name only ("All" does not include it, as on AWS). The
# services ask for it and fall back to NaN where a broker refuses it (docs/adr/0007-metrics-and-alarms.md).
AGE_OF_OLDEST = "ApproximateAgeOfOldestMessage"


def _age_of_oldest_message(queue):
    """Seconds since the oldest message still in the queue (visible or in flight) could first be received: when it was
    sent, or when its delay ran out. A message still delayed is not counted: it waits by design (payment's review timers
    are sent with up to 900 s of delay), and counting it from its send fired oldest-message-too-old for every pending
    review. 0 if none."""
    now = unix_time_millis()
    due = [max(message.sent_timestamp, message.delayed_until) for message in list(queue._messages)
           if message.sent_timestamp is not None and not now < message.delayed_until]
    if not due:
        return 0
    return max(0, int((now - min(due)) / 1000))


def _get_queue_attributes(self, queue_name, attribute_names):
    wants_age = AGE_OF_OLDEST in (attribute_names or [])
    others = [name for name in (attribute_names or []) if name != AGE_OF_OLDEST]
    attrs = _orig_get_queue_attributes(self, queue_name, others) if others else {}
    attrs = attrs.resolved() if isinstance(attrs, _LazyAttrs) else dict(attrs)
    if wants_age:
        attrs[AGE_OF_OLDEST] = _age_of_oldest_message(self.get_queue(queue_name))
    return attrs


def _retention_ok(self, queue_name, message):
    queue = self.get_queue(queue_name)
    return int(queue.message_retention_period) + message.sent_timestamp / 1000 > unix_time()


_orig_receive_message = m.SQSBackend.receive_message


def _receive_message(self, queue_name, count, wait_seconds_timeout, visibility_timeout, message_attribute_names=None):
    # Patch 11. Stock moto copies the groups in flight once per call and refreshes that copy only when its loop meets a
    # timed-out message: a long poll that starts while a group is in flight skips the group for the whole poll once
    # its messages are released anywhere else, and a group that timed out together goes out last message first. So
    # each pass releases every timed-out message first and then asks stock moto once, without waiting; between passes
    # it waits for a message the way stock moto does.
    queue = self.get_queue(queue_name)
    if not queue.fifo_queue:
        return _orig_receive_message(self, queue_name, count, wait_seconds_timeout, visibility_timeout,
                                     message_attribute_names)
    polling_end = unix_time() + wait_seconds_timeout
    while True:
        _release_timed_out(queue, unix_time_millis())
        result = _orig_receive_message(self, queue_name, count, 0, visibility_timeout, message_attribute_names)
        now = unix_time()
        if result or now >= polling_end:
            return result
        # Wakes for a message it could hand out, or when the next in-flight message's timeout runs out (not offered
        # until freed); at least once a second, as stock moto does.
        next_release = min((message.visible_at / 1000 for message in list(queue._pending_messages)), default=now + 1)
        _wait_until_deliverable(queue, min(1, max(0.01, next_release - now), polling_end - now))


def _deliverable(queue):
    """Patch 12: whether a receive would hand out a message now: one is visible and no message of its group is in flight."""
    in_flight = {message.group_id for message in list(queue._pending_messages)}
    return any(message.group_id not in in_flight for message in queue.messages)


def _wait_until_deliverable(queue, timeout):
    # Patch 12. Stock moto waits until any message is visible; a visible message of a group that has one in flight
    # keeps that true, so a long poll on a FIFO backlog spun a core for its whole 20 s. This waits for a message it
    # could hand out, woken by a send (stock), a delete or a visibility change (both notify below).
    with queue._messages_lock:
        if _deliverable(queue):
            # Offered but not taken (moved to its DLQ, or past retention): look again shortly rather than spin.
            queue._messages_lock.wait(min(0.05, timeout))
        else:
            queue._messages_lock.wait_for(lambda: _deliverable(queue), timeout=timeout)


def _notify_waiting_receives(queue):
    """Patch 12: a delete or a visibility change can free a FIFO group; the long polls waiting on it look again."""
    if queue.fifo_queue:
        with queue._messages_lock:
            queue._messages_lock.notify_all()


def _delete_message(self, receipt_handle):
    if receipt_handle in self.deleted_messages:
        return  # already deleted - moto (like SQS) accepts repeated deletes
    msgs = self._messages
    for i, msg in enumerate(msgs):
        if msg.receipt_handle == receipt_handle or receipt_handle in msg._old_receipt_handles:
            # copy-on-write like the original, so concurrent iterators see a stable list
            self._messages = msgs[:i] + msgs[i + 1:]
            self.pending_messages.discard(msg)
            self.deleted_messages.update(msg.all_receipt_handles)
            _notify_waiting_receives(self)
            return
    raise m.ReceiptHandleIsInvalid()


_orig_change_message_visibility = m.SQSBackend.change_message_visibility


def _change_message_visibility(self, queue_name, receipt_handle, visibility_timeout):
    _orig_change_message_visibility(self, queue_name, receipt_handle, visibility_timeout)
    _notify_waiting_receives(self.get_queue(queue_name))


def _patch_stepfunctions():
    import copy
    import uuid

    from moto.stepfunctions.models import StateMachine
    from moto.stepfunctions.parser.models import StepFunctionsParserBackend

    def _state_machine_deepcopy(self, memo):
        clone = StateMachine.__new__(StateMachine)
        memo[id(self)] = clone
        for key, value in self.__dict__.items():
            if key == "backend":
                clone.backend = value
            elif key == "executions":
                clone.executions = []
            else:
                setattr(clone, key, copy.deepcopy(value, memo))
        return clone

    original_start_execution = StepFunctionsParserBackend.start_execution

    def _start_execution(self, state_machine_arn, name=None, *args, **kwargs):
        return original_start_execution(self, state_machine_arn, name or str(uuid.uuid4()), *args, **kwargs)

    StateMachine.__deepcopy__ = _state_machine_deepcopy
    StepFunctionsParserBackend.start_execution = _start_execution

    from moto.stepfunctions.parser.asl.component.common.error_name import custom_error_name
    from moto.stepfunctions.parser.asl.component.state.exec.state_map.iteration import iteration_worker

    class _IterationErrorName(custom_error_name.CustomErrorName):
        """The error an iteration ended with, custom or States.*: passed on as it is."""

        def __init__(self, error_name):
            custom_error_name.ErrorName.__init__(self, error_name=error_name)

    iteration_worker.CustomErrorName = _IterationErrorName


def _patch_dynamodb():
    import functools
    import threading

    from moto.dynamodb.models import DynamoDBBackend

    writes = threading.RLock()

    def _atomic(write):
        @functools.wraps(write)
        def one_at_a_time(*args, **kwargs):
            with writes:
                return write(*args, **kwargs)

        return one_at_a_time

    for name in ("put_item", "update_item", "delete_item", "batch_write_item", "transact_write_items"):
        setattr(DynamoDBBackend, name, _atomic(getattr(DynamoDBBackend, name)))


def _patch_json_paths():
    import functools

    import jsonpath_ng
    import jsonpath_ng.ext

    # A compiled path is never changed by find() or update(): one compiled copy serves every call.
    cached_ext = functools.lru_cache(maxsize=4096)(jsonpath_ng.ext.parse)
    cached_plain = functools.lru_cache(maxsize=4096)(jsonpath_ng.parse)
    # moto.events imports jsonpath_ng.ext.parse inside the function, at each call: the module attribute is enough.
    jsonpath_ng.ext.parse = cached_ext
    from moto.stepfunctions.parser.asl.component.common.path import result_path
    from moto.stepfunctions.parser.asl.utils import json_path

    json_path.parse = cached_ext
    result_path.parse = cached_plain


def _patch_asl_parsing():
    """Patch 13: each distinct definition (and intrinsic function) is parsed once; its components are built anew."""
    from functools import lru_cache

    from antlr4.RuleContext import RuleContext

    from moto.stepfunctions.parser.asl.parse import asl_parser
    from moto.stepfunctions.parser.asl.parse.intrinsic import intrinsic_parser as intrinsic

    @lru_cache(maxsize=256)
    def definition_tree(definition):
        listener = asl_parser.SyntaxErrorListener()
        parser = asl_parser.ASLParser(asl_parser.CommonTokenStream(asl_parser.ASLLexer(asl_parser.InputStream(definition))))
        parser.removeErrorListeners()
        parser.addErrorListener(listener)
        tree = parser.state_machine()
        if listener.errors:
            raise asl_parser.ASLParserException(errors=listener.errors)
        return with_texts_kept(tree)

    @lru_cache(maxsize=1024)
    def intrinsic_tree(source):
        return with_texts_kept(intrinsic.ASLIntrinsicParser(
            intrinsic.CommonTokenStream(intrinsic.ASLIntrinsicLexer(intrinsic.InputStream(source)))).func_decl())

    # The preprocessor asks nodes of the tree for their text (getText, 174 times for the fulfilment definition), and
    # ANTLR rebuilds each from all the node's descendants: half of an execution's 5.7 ms of CPU building its
    # components. A kept tree never changes, so each node's text is built once, bottom-up, when the tree is parsed.
    def with_texts_kept(tree):
        def keep(node):
            children = getattr(node, "children", None)
            if not isinstance(node, RuleContext):
                return node.getText()
            node._moto_fast_text = "".join(keep(child) for child in children) if children else ""
            return node._moto_fast_text

        keep(tree)
        return tree

    rebuilt_text = RuleContext.getText

    def kept_text(self):
        text = self.__dict__.get("_moto_fast_text")
        return rebuilt_text(self) if text is None else text

    RuleContext.getText = kept_text

    # The syntax tree is only read; every execution still gets components of its own from the preprocessor, so no
    # state is shared between executions.
    def parse_definition(definition):
        tree = definition_tree(definition)
        return asl_parser.Preprocessor().visit(tree), tree

    def parse_intrinsic(source):
        tree = intrinsic_tree(source)
        return intrinsic.Preprocessor().visit(tree), tree

    asl_parser.AmazonStateLanguageParser.parse = staticmethod(parse_definition)
    intrinsic.IntrinsicParser.parse = staticmethod(parse_intrinsic)


def _patch_integration_clients():
    """Patch 14: Step Functions' service integrations share one AWS client per region and service."""
    import importlib
    import threading

    import boto3
    from botocore.config import Config

    import moto.stepfunctions.parser.asl.utils.boto_client as boto_client
    from moto.stepfunctions.parser.asl.component.common.timeouts.timeout import TimeoutSeconds

    # Every module that imported boto_client_for by name; the service modules come in through the factory.
    for name in (
        "moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_factory",
        "moto.stepfunctions.parser.asl.component.state.exec.state_task.lambda_eval_utils",
        "moto.stepfunctions.parser.asl.component.state.exec.state_map.item_reader.eval.resource_eval_s3",
        "moto.stepfunctions.parser.asl.component.state.exec.state_map.result_writer.resource_eval.resource_eval_s3",
    ):
        importlib.import_module(name)
    stock = boto_client.boto_client_for  # replaced below, wherever it was imported
    clients = {}
    lock = threading.Lock()

    def shared_client_for(region, service, state_credentials=None):
        # Stock moto ignores the state's credentials too ("ak"/"sk"); the key is all a client differs by.
        key = (region, service, boto_client.botocore_stubber.enabled, boto_client.moto_server_port())
        with lock:
            client = clients.get(key)
            if client is None:
                # Stock's settings, and room for as many connections as executions run tasks at once (stock's 10:
                # the 11th concurrent request would open and discard a connection, with a warning).
                client = clients[key] = boto3.client(
                    service_name=service, region_name=region, aws_access_key_id="ak", aws_secret_access_key="sk",
                    endpoint_url=None if key[2] else f"http://localhost:{key[3]}",
                    config=Config(parameter_validation=False, retries={"max_attempts": 0, "total_max_attempts": 1},
                                  connect_timeout=TimeoutSeconds.DEFAULT_TIMEOUT_SECONDS,
                                  read_timeout=TimeoutSeconds.DEFAULT_TIMEOUT_SECONDS, max_pool_connections=64))
        return client

    for module in list(sys.modules.values()):
        if module and module.__name__.startswith("moto.stepfunctions.parser") and \
                getattr(module, "boto_client_for", None) is stock:
            module.boto_client_for = shared_client_for


def _patch_task_token_lookup():
    """Patch 16: SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat find the token's execution in an index."""
    import functools
    import threading
    import weakref

    from moto.stepfunctions.parser.asl.eval.callback.callback import CallbackPoolManager
    from moto.stepfunctions.parser.asl.eval.environment import Environment
    from moto.stepfunctions.parser.models import StepFunctionsParserBackend

    execution_arn_of_token = {}
    execution_of_arn = weakref.WeakValueDictionary()
    # The token the current request's SendTask* is about: stock code asks _get_executions for every execution and
    # tries the token on each; only the execution whose callbacks hold the token can answer, so that one is enough.
    asked = threading.local()

    environment_init = Environment.__init__

    def environment_init_naming_its_execution(self, *args, **kwargs):
        environment_init(self, *args, **kwargs)
        # A frame (a Map iteration, a state under a timeout) gets a pool here too, then shares its execution's.
        self.callback_pool_manager.moto_fast_execution_arn = \
            self.states.context_object.context_object_data["Execution"]["Id"]

    add = CallbackPoolManager.add

    def add_indexed(self, callback_id):
        endpoint = add(self, callback_id)
        execution_arn = getattr(self, "moto_fast_execution_arn", None)
        if execution_arn is not None:
            execution_arn_of_token[callback_id] = execution_arn
        return endpoint

    start_execution = StepFunctionsParserBackend.start_execution

    def start_execution_indexed(self, *args, **kwargs):
        execution = start_execution(self, *args, **kwargs)
        execution_of_arn[execution.exec_arn] = execution
        return execution

    get_executions = StepFunctionsParserBackend._get_executions

    def get_executions_of_the_token(self, execution_status=None):
        token = getattr(asked, "token", None)
        execution = execution_of_arn.get(execution_arn_of_token.get(token)) if token is not None else None
        if execution is None or (execution.account_id, execution.region_name) != (self.account_id, self.region_name):
            # Not indexed (a token from before the index, an activity's token): stock's scan of every execution.
            return get_executions(self, execution_status)
        return [execution] if execution_status is None or execution_status == execution.status else []

    def for_its_token(send):
        @functools.wraps(send)
        def send_for_token(self, task_token, *args, **kwargs):
            asked.token = task_token
            try:
                return send(self, task_token, *args, **kwargs)
            finally:
                asked.token = None

        return send_for_token

    Environment.__init__ = environment_init_naming_its_execution
    CallbackPoolManager.add = add_indexed
    StepFunctionsParserBackend.start_execution = start_execution_indexed
    StepFunctionsParserBackend._get_executions = get_executions_of_the_token
    for name in ("send_task_success", "send_task_failure", "send_task_heartbeat"):
        setattr(StepFunctionsParserBackend, name, for_its_token(getattr(StepFunctionsParserBackend, name)))


def _patch_early_task_answers():
    """Patch 22: a task answered before its heartbeat wait began succeeds; a Retry waits for its own answer."""
    from moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_callback import (
        StateTaskServiceCallback,
    )
    from moto.stepfunctions.parser.asl.eval.callback.callback import CallbackEndpoint

    setup_heartbeat_endpoint = CallbackEndpoint.setup_heartbeat_endpoint

    def setup_heartbeat_endpoint_seeing_an_early_answer(self, heartbeat_seconds):
        heartbeat = setup_heartbeat_endpoint(self, heartbeat_seconds)
        # notify() stores the outcome, then wakes the heartbeat endpoint if there is one: an answer stored before
        # this endpoint existed woke nothing, so it is passed on here. Waking it twice is harmless.
        if self.get_outcome() is not None:
            heartbeat.notify()
        return heartbeat

    # A Retry of the task runs with the same token, so the same endpoint: the answer the last attempt took is
    # forgotten once taken, or the next attempt's wait would take it again (stock waits for a fresh heartbeat
    # instead, which is how it lost an early answer).
    eval_integration_pattern = StateTaskServiceCallback._eval_integration_pattern

    def eval_integration_pattern_forgetting_the_answer(self, env, *args, **kwargs):
        try:
            return eval_integration_pattern(self, env, *args, **kwargs)
        finally:
            task = env.states.context_object.context_object_data.get("Task")
            endpoint = env.callback_pool_manager.get(task["Token"]) if task else None
            if endpoint is not None:
                endpoint._outcome = None
                endpoint._notify_event.clear()

    CallbackEndpoint.setup_heartbeat_endpoint = setup_heartbeat_endpoint_seeing_an_early_answer
    StateTaskServiceCallback._eval_integration_pattern = eval_integration_pattern_forgetting_the_answer


def _patch_finished_threads():
    """Patch 17: Step Functions lets go of the threads it has finished with, and of a finished execution's tasks."""
    import importlib

    import moto.stepfunctions.parser.utils as utils

    class Forgotten(list):
        """What moto appends each thread to; nothing reads it (LocalStack, where the code comes from, joins them at
        shutdown)."""

        def append(self, thread):
            pass

    stock = utils.TMP_THREADS
    forgotten = Forgotten()
    for name in (
        "moto.stepfunctions.parser.backend.execution_worker",
        "moto.stepfunctions.parser.asl.component.program.program",
        "moto.stepfunctions.parser.asl.component.test_state.program.test_state_program",
        "moto.stepfunctions.parser.asl.component.state.exec.execute_state",
        "moto.stepfunctions.parser.asl.component.state.exec.state_map.iteration.inline_iteration_component",
        "moto.stepfunctions.parser.asl.component.state.exec.state_parallel.branch_worker",
        "moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_callback",
    ):
        module = importlib.import_module(name)
        if module.TMP_THREADS is stock:
            module.TMP_THREADS = forgotten
    utils.TMP_THREADS = forgotten

    from moto.stepfunctions.parser.backend.execution_worker import ExecutionWorker

    execution_logic = ExecutionWorker._execution_logic

    def execution_logic_letting_go_of_its_tasks(self):
        execution_logic(self)
        # Every task of a finished execution is closed: its callback endpoints (each with its events, conditions and
        # locks) only answered SendTask* calls, which for a finished execution find no running task anyway.
        if self.env is not None:
            self.env.callback_pool_manager._pool.clear()

    ExecutionWorker._execution_logic = execution_logic_letting_go_of_its_tasks


def _patch_model_tracking():
    """Patch 18: moto's record of every model instance it made holds them weakly."""
    import importlib
    import threading
    import weakref

    import moto.core.model_instances as model_instances
    from moto.core.base_backend import InstanceTrackerMeta

    class WeaklyTracked:
        """What InstanceTrackerMeta keeps per model class: its instances still alive, as moto's dashboard lists them."""

        def __init__(self):
            self.lock = threading.Lock()
            self.references = []
            self.alive_at_last_sweep = 0

        def append(self, instance):
            try:
                reference = weakref.ref(instance)
            except TypeError:  # a model with __slots__ and no __weakref__: kept, as stock keeps every one
                reference = lambda: instance  # noqa: E731
            with self.lock:
                self.references.append(reference)
                # Swept once the list has doubled since the last sweep: constant time per append on average.
                if len(self.references) > 2 * self.alive_at_last_sweep + 1024:
                    self.references = [alive for alive in self.references if alive() is not None]
                    self.alive_at_last_sweep = len(self.references)

        def __iter__(self):
            with self.lock:
                references = list(self.references)
            return iter([instance for instance in (reference() for reference in references) if instance is not None])

    for models in model_instances.model_data.values():
        for model in models.values():
            model.instances_tracked = WeaklyTracked()

    tracker_new = InstanceTrackerMeta.__new__

    def new_model_class(meta, name, bases, dct):
        cls = tracker_new(meta, name, bases, dct)
        if name != "BaseModel":
            cls.instances_tracked = WeaklyTracked()
        return cls

    def reset_model_data():
        for models in model_instances.model_data.values():
            for model in models.values():
                model.instances_tracked = WeaklyTracked()

    InstanceTrackerMeta.__new__ = staticmethod(new_model_class)
    # Two modules imported reset_model_data by name (POST /moto-api/reset calls it).
    for name in ("moto.core.model_instances", "moto.core.models", "moto.moto_api._internal.models"):
        importlib.import_module(name).reset_model_data = reset_model_data


def _patch_keep_alive():
    """Patch 15: the server keeps HTTP/1.1 connections open between requests whose body it can drain."""
    import werkzeug.serving as serving
    from werkzeug.wsgi import LimitedStream

    class NothingMoreToRead:
        """What werkzeug's post-response drain reads from: nothing. Its drain would swallow the next request."""

        def read(self, size=-1):
            return b""

    handler = serving.WSGIRequestHandler
    make_environ, run_wsgi, send_header = handler.make_environ, handler.run_wsgi, handler.send_header

    def make_environ_with_bounded_body(self):
        environ = make_environ(self)
        # A body of known length is read through a bounded stream, so whatever the application leaves unread can be
        # drained before the next request line; a chunked body cannot, and its connection closes as stock does.
        self.moto_fast_body = None
        if "HTTP_TRANSFER_ENCODING" not in environ:
            self.moto_fast_body = LimitedStream(self.rfile, int(environ.get("CONTENT_LENGTH") or 0))
            environ["wsgi.input"] = self.moto_fast_body
            # Werkzeug reads self.rfile only for its drain after the response (the body is read from wsgi.input).
            self.moto_fast_rfile, self.rfile = self.rfile, NothingMoreToRead()
        return environ

    def run_wsgi_and_drain(self):
        try:
            run_wsgi(self)
        finally:
            body = getattr(self, "moto_fast_body", None)
            if body is not None:
                self.rfile = self.moto_fast_rfile
                if not self.close_connection:
                    body.exhaust()

    def send_header_keeping_alive(self, keyword, value):
        # Werkzeug closes every connection because it cannot drain a request's body; the bounded stream above can.
        if keyword == "Connection" and value == "close" and getattr(self, "moto_fast_body", None) is not None:
            return
        send_header(self, keyword, value)

    # Werkzeug writes a response's headers and body separately: on a connection kept open, Nagle's algorithm would
    # hold the body back until the client's delayed ACK, 40 ms per request.
    handler.disable_nagle_algorithm = True
    handler.make_environ = make_environ_with_bounded_body
    handler.run_wsgi = run_wsgi_and_drain
    handler.send_header = send_header_keeping_alive


def _patch_request_routing():
    """Patch 19: routing reads the module list once and remembers each host's backend and each class's methods."""
    import moto.backends as backends
    import moto.core.responses as responses
    import moto.moto_server.werkzeug_app as werkzeug_app

    modules = tuple(backends.list_of_moto_modules())
    backends.list_of_moto_modules = lambda: modules

    find_backend = werkzeug_app.DomainDispatcherApplication.get_backend_for_host
    backend_of_host = {}

    def get_backend_for_known_host(self, host):
        backend = backend_of_host.get(host)
        if backend is None:
            backend = find_backend(self, host)
            if backend:
                backend_of_host[host] = backend
        return backend

    werkzeug_app.DomainDispatcherApplication.get_backend_for_host = get_backend_for_known_host

    list_method_names = responses.method_names_from_class
    method_names_of_class = {}

    def method_names_listed_once(clazz):
        names = method_names_of_class.get(clazz)
        if names is None:
            names = method_names_of_class[clazz] = frozenset(list_method_names(clazz))
        return names

    responses.method_names_from_class = method_names_listed_once


def _patch_per_request_strings():
    """Patch 20: snake-case names cached; receipt handles and request ids drawn with one choices() call."""
    import functools
    import string

    import moto.core.responses as responses
    from moto.moto_api._internal import mock_random
    from moto.moto_api._internal.moto_random import MotoRandom

    global camelcase_to_underscores
    camelcase_to_underscores = functools.lru_cache(maxsize=4096)(camelcase_to_underscores)
    responses.camelcase_to_underscores = camelcase_to_underscores
    m.camelcase_to_underscores = camelcase_to_underscores

    m.generate_receipt_handle = lambda: "".join(mock_random.choices(string.ascii_lowercase, k=185))

    def get_random_string(self, length=20, include_digits=True, lower_case=False):
        pool = string.ascii_letters + (string.digits if include_digits else "")
        random_str = "".join(self.choices(pool, k=length))
        return random_str.lower() if lower_case else random_str

    MotoRandom.get_random_string = get_random_string


def _profile_requests(path):
    """MOTO_FAST_PROFILE=<file>: where the emulator's CPU goes, per service and action. Every request's thread CPU
    time (the GIL makes it the emulator's own) is summed by its service and action, and the totals, with the whole
    process's CPU, are written to <file> as JSON every 5 s. What no request accounts for ran on background threads
    (Step Functions executions, moto's own timers). Instrumentation only: nothing about a request changes."""
    import cProfile
    import gc
    import io
    import pstats
    import re
    import threading
    import time
    from urllib.parse import parse_qs

    import moto.moto_server.werkzeug_app as werkzeug_app

    totals = {}
    profiles = []
    # MOTO_FAST_PROFILE_THREADS=<qualname>,...: those threads also run under cProfile, summed into <file>.threads.txt
    deep = set(filter(None, os.environ.get("MOTO_FAST_PROFILE_THREADS", "").split(",")))
    lock = threading.Lock()
    started = (time.monotonic(), time.process_time())
    credential_scope = re.compile(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/")

    def action_of(environ):
        scope = credential_scope.search(environ.get("HTTP_AUTHORIZATION", ""))
        service = scope.group(1) if scope else "?"
        target = environ.get("HTTP_X_AMZ_TARGET")
        if target:
            return f"{service}:{target.rsplit('.', 1)[-1]}"
        if environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
            size = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(size)
            environ["wsgi.input"] = io.BytesIO(body)
            action = parse_qs(body.decode("utf-8", "replace")).get("Action", ["?"])[0]
            return f"{service}:{action}"
        if environ.get("PATH_INFO", "").startswith("/moto-api"):
            return "moto-api"
        return f"{service}:{environ.get('REQUEST_METHOD')}"

    dispatch = werkzeug_app.DomainDispatcherApplication.__call__

    connection = threading.local()

    def profiled(self, environ, start_response):
        action = action_of(environ)
        if not getattr(connection, "seen", False):
            # The first request on this connection (one server thread per connection): who opens connections?
            connection.seen = True
            agent = environ.get("HTTP_USER_AGENT", "?").split(" ")[0]
            with lock:
                count, cpu_s, wall_s = totals.get("connection:" + agent + " " + action, (0, 0.0, 0.0))
                totals["connection:" + agent + " " + action] = (count + 1, cpu_s, wall_s)
        cpu, wall = time.thread_time(), time.monotonic()
        try:
            # Responses are whole bodies here, so the work is done when the app returns.
            return dispatch(self, environ, start_response)
        finally:
            spent_cpu, spent_wall = time.thread_time() - cpu, time.monotonic() - wall
            with lock:
                count, cpu_s, wall_s = totals.get(action, (0, 0.0, 0.0))
                totals[action] = (count + 1, cpu_s + spent_cpu, wall_s + spent_wall)

    # Garbage collections by generation: how many, their total and longest pause (every thread waits for them).
    collections = {}
    collection_started = {}

    def time_collection(phase, info):
        if phase == "start":
            collection_started["at"] = time.perf_counter()
        elif "at" in collection_started:
            paused = time.perf_counter() - collection_started.pop("at")
            count, total, longest = collections.get(info["generation"], (0, 0.0, 0.0))
            collections[info["generation"]] = (count + 1, total + paused, max(longest, paused))

    gc.callbacks.append(time_collection)

    def write_every_5_s():
        stats = None
        while True:
            time.sleep(5)
            with lock:
                actions = {action: {"requests": c, "cpu_s": round(cpu_s, 3), "wall_s": round(wall_s, 3)}
                           for action, (c, cpu_s, wall_s) in sorted(totals.items(), key=lambda kv: -kv[1][1])}
            live = {}
            for thread in threading.enumerate():
                target = getattr(thread, "_target", None)
                name = getattr(target, "__qualname__", None) or type(thread).__name__
                live[name] = live.get(name, 0) + 1
            report = {"seconds": round(time.monotonic() - started[0], 1),
                      "process_cpu_s": round(time.process_time() - started[1], 3),
                      "live_threads": dict(sorted(live.items(), key=lambda kv: -kv[1])),
                      "objects_tracked": len(gc.get_objects()),
                      "collections": {f"generation {generation}": {"count": count, "pause_s": round(total, 3),
                                                                    "longest_s": round(longest, 3)}
                                      for generation, (count, total, longest) in sorted(collections.items())},
                      "requests_cpu_s": round(sum(a["cpu_s"] for key, a in actions.items() if not key.startswith(("thread:", "connection:"))), 3),
                      "actions": actions}
            with open(path + ".tmp", "w") as out:
                json.dump(report, out, indent=1)
            os.replace(path + ".tmp", path)
            with lock:
                done, profiles[:] = list(profiles), []
            for profiler in done:
                profiler.create_stats()
                stats = pstats.Stats(profiler) if stats is None else stats.add(profiler)
            if stats is not None:
                with open(path + ".threads.txt", "w") as out:
                    stats.stream = out
                    stats.sort_stats("tottime").print_stats(60)
                    stats.sort_stats("cumulative").print_stats(80)

    thread_run = threading.Thread.run

    def profiled_run(self):
        # Threads that end report their whole CPU time, by what they ran: Step Functions' execution and task threads,
        # and the HTTP server's connection threads (which include their requests' time above).
        target = getattr(self, "_target", None)  # Thread.run deletes it
        name = getattr(target, "__qualname__", None) or type(self).__name__
        profiler = cProfile.Profile() if deep and name in deep else None
        try:
            if profiler:
                profiler.runcall(thread_run, self)
            else:
                thread_run(self)
        finally:
            if profiler:
                with lock:
                    profiles.append(profiler)
            with lock:
                count, cpu_s, wall_s = totals.get("thread:" + name, (0, 0.0, 0.0))
                totals["thread:" + name] = (count + 1, cpu_s + time.thread_time(), wall_s)

    werkzeug_app.DomainDispatcherApplication.__call__ = profiled
    threading.Thread.run = profiled_run
    threading.Thread(target=write_every_5_s, name="moto-fast-profile", daemon=True).start()


def _collect_garbage_less_often():
    """Patch 21: the objects of moto's imports frozen out of the collector's way; young collections less often.
    Called once the server's imports are done, so it runs from __main__ rather than with the patches above."""
    import gc

    import moto.backends as backends

    for service in os.environ.get("MOTO_FAST_PRELOAD", "").split(","):
        if service:
            backends.get_backend(service)
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


PATCHED_FOR = "5.2."
if version("moto").startswith(PATCHED_FOR):
    m.Queue.delete_message = _delete_message
    m.Queue.attributes = property(_attributes)
    m.Queue.messages = property(_messages)
    m.Queue.approximate_number_of_messages = property(_approximate_number_of_messages)
    m.SQSBackend.get_queue_attributes = _get_queue_attributes
    m.SQSBackend.is_message_valid_based_on_retention_period = _retention_ok
    m.SQSBackend.receive_message = _receive_message
    m.SQSBackend.change_message_visibility = _change_message_visibility
    _patch_stepfunctions()
    _patch_dynamodb()
    _patch_json_paths()
    _patch_asl_parsing()
    _patch_integration_clients()
    _patch_task_token_lookup()
    _patch_early_task_answers()
    _patch_finished_threads()
    _patch_model_tracking()
    _patch_keep_alive()
    _patch_request_routing()
    _patch_per_request_strings()
    if os.environ.get("MOTO_FAST_PROFILE"):
        _profile_requests(os.environ["MOTO_FAST_PROFILE"])
else:
    print(f"moto-fast: moto {version('moto')} is not {PATCHED_FOR}x; running stock moto", file=sys.stderr)


if __name__ == "__main__":
    from moto.server import main

    if version("moto").startswith(PATCHED_FOR) and os.environ.get("MOTO_FAST_GC", "on") != "off":
        _collect_garbage_less_often()

    sys.exit(main(sys.argv[1:]))
