package org.scalingpipeline.serve;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import org.apache.spark.connect.proto.UserContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connect.service.SessionKey;
import org.apache.spark.sql.connect.service.SparkConnectService$;
import org.scalingpipeline.views.PlanRoles;
import org.scalingpipeline.views.Views;
import org.sparkproject.connect.grpc.ForwardingServerCallListener;
import org.sparkproject.connect.grpc.Metadata;
import org.sparkproject.connect.grpc.ServerCall;
import org.sparkproject.connect.grpc.ServerCallHandler;
import org.sparkproject.connect.grpc.ServerInterceptor;
import org.sparkproject.connect.protobuf.Descriptors.FieldDescriptor;
import org.sparkproject.connect.protobuf.Message;
import scala.Option;

/**
 * Gives every new Spark Connect client session the warehouse before its first request runs, as {@code scaling sql}
 * opens it in its own session: the warehouse tables are in the catalog all sessions share ({@link ConnectEndpoint}
 * opened the warehouse once, at start), the analysis views are temporary, so per session, and registered here.
 * Spark Connect 4.0 makes each client session with {@code newSession()} and offers no hook for it; this gRPC
 * interceptor ({@code spark.connect.grpc.interceptor.classes}) reads the session of each request (every Connect
 * request carries {@code session_id} and {@code user_context}), has the session manager create it, and registers
 * the views in it once (opening the whole warehouse again cost a new session 2.3 s of the server's CPU).
 */
public final class WarehouseSessions implements ServerInterceptor {

  private final Set<SparkSession> opened = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
      @Override
      public void onMessage(Q request) {
        if (request instanceof Message message) {
          open(message);
        }
        super.onMessage(request);
      }
    };
  }

  private void open(Message request) {
    FieldDescriptor sessionField = request.getDescriptorForType().findFieldByName("session_id");
    FieldDescriptor userField = request.getDescriptorForType().findFieldByName("user_context");
    if (sessionField == null || userField == null || !request.hasField(userField)) {
      return;
    }
    String user = ((UserContext) request.getField(userField)).getUserId();
    SessionKey key = SessionKey.apply(user, (String) request.getField(sessionField));
    SparkSession session = SparkConnectService$.MODULE$.sessionManager().getOrCreateIsolatedSession(key, Option.empty()).session();
    synchronized (session) {
      if (opened.add(session)) {
        Views.register(session, PlanRoles.bundled());
      }
    }
  }
}
